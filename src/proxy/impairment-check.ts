import { BANDWIDTH_RANGE, formatBandwidth } from '../cli/bandwidth.js';
import { formatDuration } from '../cli/duration.js';
import { formatPercentage } from '../cli/percentage.js';
import { LlhlsError, LlhlsErrorCode } from '../errors.js';
import type { ConnectionToxic, ImpairmentPatch } from './impairment.js';

/** The longest latency, jitter or toxic timer a flag, file or caller may set. */
export const MAX_IMPAIRMENT_MS = 10 * 60_000;

/** Each range in the words of the error messages (the CLI's grammar). */
export const IMPAIRMENT_RANGE = {
  duration: `${formatDuration(0)} to ${formatDuration(MAX_IMPAIRMENT_MS)}`,
  rate: BANDWIDTH_RANGE,
  fraction: '0% to 100%',
} as const;

const bad = (name: string, range: string, received: string): never => {
  throw new LlhlsError(LlhlsErrorCode.InvalidFlag, `${name} must be ${range}; received ${received}`);
};

function ms(value: number, name: string): void {
  if (!(Number.isFinite(value) && value >= 0 && value <= MAX_IMPAIRMENT_MS))
    bad(name, IMPAIRMENT_RANGE.duration, `${value}ms`);
}

function rate(value: number | null, name: string): void {
  if (value !== null && !(value >= 0 && Number.isFinite(value)))
    bad(name, IMPAIRMENT_RANGE.rate, value < 0 ? `${value} bit/s` : formatBandwidth(value));
}

function fraction(value: number, name: string): void {
  if (!(value >= 0 && value <= 1)) bad(name, IMPAIRMENT_RANGE.fraction, formatPercentage(value));
}

function toxic(t: ConnectionToxic, name: string): void {
  fraction(t.toxicity, `${name}.toxicity`);
}

/**
 * Refuses an impairment (or a profile step's fields) with a value out of its range: a negative
 * latency, jitter, rate or timer, a loss or toxicity outside 0-100 %, a slicer piece under a byte.
 * The proxy calls it on everything it is given (its options, setImpairment, every profile step),
 * so a caller that builds an impairment itself is held to the ranges the flags and files are.
 * Fields are named as toxiproxy, the profile files and compare's `network:` name them.
 * @param where prefixes each name, e.g. `profile cascade steps[2].`
 * @throws LlhlsError `LLHLS_INVALID_FLAG` (exit 2): `latency must be 0ms to 10m; received -50ms`
 */
export function checkImpairment(imp: ImpairmentPatch, where = ''): void {
  const at = (key: string): string => `${where}${key}`;
  if (imp.latencyMs !== undefined) ms(imp.latencyMs, at('latency'));
  if (imp.jitterMs !== undefined) ms(imp.jitterMs, at('jitter'));
  if (imp.downBitsPerSecond !== undefined) rate(imp.downBitsPerSecond, at('bandwidth'));
  if (imp.upBitsPerSecond !== undefined) rate(imp.upBitsPerSecond, at('upload'));
  if (imp.loss !== undefined) fraction(imp.loss, at('loss'));
  if (imp.slowClose) {
    ms(imp.slowClose.delayMs, at('slow_close.delay'));
    toxic(imp.slowClose, at('slow_close'));
  }
  if (imp.timeout) {
    ms(imp.timeout.timeoutMs, at('timeout.timeout'));
    toxic(imp.timeout, at('timeout'));
  }
  if (imp.resetPeer) {
    ms(imp.resetPeer.timeoutMs, at('reset_peer.timeout'));
    toxic(imp.resetPeer, at('reset_peer'));
  }
  if (imp.slicer) {
    const s = imp.slicer;
    if (!(Number.isInteger(s.averageSize) && s.averageSize >= 1))
      bad(at('slicer.average_size'), 'a whole number of bytes, at least 1', String(s.averageSize));
    if (!(Number.isInteger(s.sizeVariation) && s.sizeVariation >= 0 && s.sizeVariation < s.averageSize)) {
      bad(
        at('slicer.size_variation'),
        `a whole number of bytes from 0 to less than average_size (${s.averageSize})`,
        String(s.sizeVariation),
      );
    }
    ms(s.delayMs, at('slicer.delay'));
    toxic(s, at('slicer'));
  }
}
