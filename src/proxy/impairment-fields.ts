import { parseBandwidth } from '../cli/bandwidth.js';
import { parseDuration } from '../cli/duration.js';
import { parsePercentage } from '../cli/percentage.js';
import { isLlhlsError, LlhlsError, LlhlsErrorCode } from '../errors.js';
import { type ConnectionToxic, type ImpairmentPatch, ProxyStream } from './impairment.js';
import { MAX_IMPAIRMENT_MS } from './impairment-check.js';

/**
 * The impairment keys of a profile step (or of compare's `network:`), with toxiproxy's names.
 * A duration is a string in the CLI grammar or a number of seconds; a rate a string (`2mbit`,
 * `unlimited`) or 0; a percentage a string with `%`.
 */
export const IMPAIRMENT_KEYS = [
  'latency',
  'jitter',
  'bandwidth',
  'upload',
  'loss',
  'slow_close',
  'timeout',
  'reset_peer',
  'slicer',
] as const;

type Fields = Record<string, unknown>;

/**
 * Reads the impairment keys of `fields` (others are left to the caller) into a patch.
 * @param where names the object in errors, e.g. `profile.yaml: steps[2]`
 * @throws LlhlsError `LLHLS_PROFILE_FILE` naming `where` and the key, the expected form and
 *   the value received
 */
export function parseImpairmentFields(fields: Fields, where: string): ImpairmentPatch {
  try {
    return readFields(fields, where);
  } catch (error) {
    if (isLlhlsError(error) && error.code === LlhlsErrorCode.InvalidFlag)
      throw fileError(error.message, error);
    throw error;
  }
}

function readFields(fields: Fields, where: string): ImpairmentPatch {
  const patch: ImpairmentPatch = {};
  const at = (key: string): string => `${where}.${key}`;
  if (fields['latency'] !== undefined) patch.latencyMs = duration(fields['latency'], at('latency'));
  if (fields['jitter'] !== undefined) patch.jitterMs = duration(fields['jitter'], at('jitter'));
  if (fields['bandwidth'] !== undefined) patch.downBitsPerSecond = rate(fields['bandwidth'], at('bandwidth'));
  if (fields['upload'] !== undefined) patch.upBitsPerSecond = rate(fields['upload'], at('upload'));
  if (fields['loss'] !== undefined)
    patch.loss = parsePercentage(text(fields['loss'], at('loss')), at('loss'));
  if (fields['slow_close'] !== undefined) {
    const t = toxic(fields['slow_close'], 'delay', [], at('slow_close'));
    patch.slowClose = t === null ? null : { ...t.base, delayMs: duration(t.fields['delay'], t.at('delay')) };
  }
  if (fields['timeout'] !== undefined) {
    const t = toxic(fields['timeout'], 'timeout', [], at('timeout'));
    patch.timeout =
      t === null ? null : { ...t.base, timeoutMs: duration(t.fields['timeout'], t.at('timeout')) };
  }
  if (fields['reset_peer'] !== undefined) {
    const t = toxic(fields['reset_peer'], 'timeout', [], at('reset_peer'));
    patch.resetPeer =
      t === null ? null : { ...t.base, timeoutMs: duration(t.fields['timeout'], t.at('timeout')) };
  }
  if (fields['slicer'] !== undefined) {
    const t = toxic(fields['slicer'], 'average_size', ['size_variation', 'delay'], at('slicer'));
    if (t === null) patch.slicer = null;
    else {
      const averageSize = count(t.fields['average_size'], t.at('average_size'), 1);
      const sizeVariation =
        t.fields['size_variation'] === undefined
          ? 0
          : count(t.fields['size_variation'], t.at('size_variation'), 0);
      if (sizeVariation >= averageSize) {
        throw fileError(
          `${t.at('size_variation')} must be less than average_size (${averageSize}); received ${sizeVariation}`,
        );
      }
      const delayMs = t.fields['delay'] === undefined ? 0 : duration(t.fields['delay'], t.at('delay'));
      patch.slicer = { ...t.base, averageSize, sizeVariation, delayMs };
    }
  }
  return patch;
}

/**
 * A connection toxic's value: its main attribute alone (`reset_peer: 2s`), or an object with
 * it, `toxicity` and `stream`; null or false: the toxic is off.
 */
function toxic(
  value: unknown,
  main: string,
  extra: string[],
  where: string,
): { fields: Fields; base: ConnectionToxic; at: (key: string) => string } | null {
  if (value === null || value === false) return null;
  const fields: Fields = isObject(value) ? value : { [main]: value };
  known(fields, [main, ...extra, 'toxicity', 'stream'], where);
  const at = (key: string): string => `${where}.${key}`;
  if (fields[main] === undefined) throw fileError(`${at(main)} is missing`);
  const stream = fields['stream'] ?? ProxyStream.Downstream;
  if (stream !== ProxyStream.Downstream && stream !== ProxyStream.Upstream) {
    throw fileError(`${at('stream')} must be downstream or upstream; received '${String(stream)}'`);
  }
  const toxicity =
    fields['toxicity'] === undefined
      ? 1
      : parsePercentage(text(fields['toxicity'], at('toxicity')), at('toxicity'));
  return { fields, base: { toxicity, stream }, at };
}

/**
 * Refuses keys not in `allowed`, naming the first one and the keys there are. Keys starting
 * with `x-` are left alone: the place for YAML anchors (`x-slow: &slow {...}`).
 */
export function known(fields: Fields, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(fields)) {
    if (!allowed.includes(key) && !key.startsWith('x-')) {
      throw fileError(`${where}.${key} is not a key here (keys: ${allowed.join(', ')})`);
    }
  }
}

export function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An error in a profile or configuration file: one line naming the file and key. */
export function fileError(message: string, cause?: unknown): LlhlsError {
  return new LlhlsError(LlhlsErrorCode.ProfileFile, message, cause === undefined ? undefined : { cause });
}

/** A scalar as text for the grammars (a number of seconds stays a bare number). */
function text(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw fileError(`${where} expects a value such as '50ms' or '2mbit'; received ${JSON.stringify(value)}`);
}

function rate(value: unknown, where: string): number | null {
  return value === 0 ? 0 : parseBandwidth(text(value, where), where);
}

function duration(value: unknown, where: string): number {
  return parseDuration(text(value, where), where, { maxMs: MAX_IMPAIRMENT_MS });
}

function count(value: unknown, where: string, min: number): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min) return value;
  throw fileError(
    `${where} expects a whole number of bytes, at least ${min}; received ${JSON.stringify(value)}`,
  );
}
