import { parseBandwidth } from '../cli/bandwidth.js';
import { parseDuration } from '../cli/duration.js';
import { parsePercentage } from '../cli/percentage.js';
import { LlhlsError, LlhlsErrorCode } from '../errors.js';
import { applyPatch, type ImpairmentPatch, NO_IMPAIRMENT, ProxyStream } from './impairment.js';
import { MAX_IMPAIRMENT_MS } from './impairment-check.js';
import { scaleProfile } from './profile.js';
import { resolveProfile } from './profile-file.js';
import type { ProxyOptions } from './proxy.js';
import { parseTarget } from './target.js';

/** The parsed flags of `llhls proxy` (src/cli/proxy-flags.ts). */
export interface ProxyFlags {
  target: string;
  listen: string;
  latency?: string | undefined;
  jitter?: string | undefined;
  bandwidth?: string | undefined;
  upload?: string | undefined;
  loss?: string | undefined;
  'slow-close'?: string | undefined;
  timeout?: string | undefined;
  'reset-peer'?: string | undefined;
  slicer?: number | undefined;
  'slicer-variation'?: number | undefined;
  'slicer-delay'?: string | undefined;
  toxicity: string;
  profile?: string | undefined;
  'profile-time-scale'?: string | undefined;
  'profile-rate-scale'?: string | undefined;
  seed?: number | undefined;
}

function bad(message: string): never {
  throw new LlhlsError(LlhlsErrorCode.InvalidFlag, message);
}

/** `--listen`: `host:port`, `[v6]:port`, or a port alone (on 127.0.0.1). */
export function parseListen(text: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d+)$/.exec(text.trim()) ?? /^()()(\d+)$/.exec(text.trim());
  const port = match === null ? Number.NaN : Number(match[3]);
  if (match === null || !(Number.isInteger(port) && port <= 65_535)) {
    bad(`--listen expects host:port such as 127.0.0.1:0, [::1]:8081 or a port alone; received '${text}'`);
  }
  const host = match[1] || match[2] || '127.0.0.1';
  return { host, port };
}

function positiveNumber(text: string, flag: string): number {
  const value = Number(text);
  if (!(text.trim() !== '' && Number.isFinite(value) && value > 0)) {
    bad(`${flag} expects a number above 0 such as 0.1 or 2.5; received '${text}'`);
  }
  return value;
}

/**
 * Checks the flags and builds the proxy's options: the impairment from the flags, the profile
 * (scaled) whose steps override it.
 * @throws LlhlsError InvalidFlag naming the flag; ProfileFile naming the file and key
 */
export function buildProxyOptions(
  flags: ProxyFlags,
): ProxyOptions & { listen: { host: string; port: number } } {
  parseTarget(flags.target);
  const toxicity = parsePercentage(flags.toxicity, '--toxicity');
  const base = { toxicity, stream: ProxyStream.Downstream };
  const ms = (value: string, flag: string): number =>
    parseDuration(value, flag, { maxMs: MAX_IMPAIRMENT_MS });
  const patch: ImpairmentPatch = {};
  if (flags.latency !== undefined) patch.latencyMs = ms(flags.latency, '--latency');
  if (flags.jitter !== undefined) patch.jitterMs = ms(flags.jitter, '--jitter');
  if (flags.bandwidth !== undefined) patch.downBitsPerSecond = parseBandwidth(flags.bandwidth, '--bandwidth');
  if (flags.upload !== undefined) patch.upBitsPerSecond = parseBandwidth(flags.upload, '--upload');
  if (flags.loss !== undefined) patch.loss = parsePercentage(flags.loss, '--loss');
  if (flags['slow-close'] !== undefined)
    patch.slowClose = { ...base, delayMs: ms(flags['slow-close'], '--slow-close') };
  if (flags.timeout !== undefined) patch.timeout = { ...base, timeoutMs: ms(flags.timeout, '--timeout') };
  if (flags['reset-peer'] !== undefined)
    patch.resetPeer = { ...base, timeoutMs: ms(flags['reset-peer'], '--reset-peer') };
  if (flags.slicer !== undefined) {
    const variation = flags['slicer-variation'] ?? 0;
    if (variation >= flags.slicer)
      bad(`--slicer-variation must be less than --slicer (${flags.slicer}); received ${variation}`);
    patch.slicer = {
      ...base,
      averageSize: flags.slicer,
      sizeVariation: variation,
      delayMs: flags['slicer-delay'] === undefined ? 0 : ms(flags['slicer-delay'], '--slicer-delay'),
    };
  }
  const profile =
    flags.profile === undefined
      ? null
      : scaleProfile(resolveProfile(flags.profile), {
          time: positiveNumber(flags['profile-time-scale'] ?? '1', '--profile-time-scale'),
          rate: positiveNumber(flags['profile-rate-scale'] ?? '1', '--profile-rate-scale'),
        });
  return {
    target: flags.target,
    listen: parseListen(flags.listen),
    impairment: applyPatch(NO_IMPAIRMENT, patch),
    profile,
    ...(flags.seed === undefined ? {} : { seed: flags.seed }),
  };
}
