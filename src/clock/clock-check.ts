import type { ClockOffset } from '../run/types.js';
import { formatMs } from './format-ms.js';
import { checkLocalClock, type LocalClockOptions, type LocalClockStatus } from './local-clock.js';
import { type ClockProbeOptions, measureClockOffset } from './time-probe.js';

export const CLOCK_REPORT_SCHEMA = 'llhls.clock/1';

export interface ClockThresholds {
  /** Largest acceptable |offset| to the server (with --url), or local chrony bound (without). */
  maxOffsetMs: number | null;
  /** Largest acceptable uncertainty of the server offset. */
  maxUncertaintyMs: number | null;
}

export const ClockBreachKind = {
  Offset: 'offset',
  Uncertainty: 'uncertainty',
  LocalBound: 'local-bound',
  LocalUnsynchronised: 'local-unsynchronised',
  OffsetUnknown: 'offset-unknown',
} as const;
export type ClockBreachKind = (typeof ClockBreachKind)[keyof typeof ClockBreachKind];

export interface ClockBreach {
  kind: ClockBreachKind;
  valueMs: number | null;
  limitMs: number;
  message: string;
}

/** What `llhls clock --json` prints. */
export interface ClockReport {
  schema: typeof CLOCK_REPORT_SCHEMA;
  local: LocalClockStatus;
  url: string | null;
  server: ClockOffset | null;
  thresholds: ClockThresholds;
  breaches: ClockBreach[];
  ok: boolean;
}

export interface ClockCheckOptions extends LocalClockOptions, Omit<ClockProbeOptions, 'timeoutMs'> {
  url?: string;
  maxOffsetMs?: number;
  maxUncertaintyMs?: number;
  timeoutMs?: number;
}

/** Local synchronisation, the offset to a server when a URL is given, and the thresholds. */
export async function checkClock(options: ClockCheckOptions = {}): Promise<ClockReport> {
  const local = await checkLocalClock(options);
  const server =
    options.url === undefined
      ? null
      : await measureClockOffset(options.url, {
          ...(options.probes === undefined ? {} : { probes: options.probes }),
          ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
          ...(options.signal === undefined ? {} : { signal: options.signal }),
          ...(options.now === undefined ? {} : { now: options.now }),
        });
  const thresholds: ClockThresholds = {
    maxOffsetMs: options.maxOffsetMs ?? null,
    maxUncertaintyMs: options.maxUncertaintyMs ?? null,
  };
  const breaches = findBreaches(local, server, thresholds);
  return {
    schema: CLOCK_REPORT_SCHEMA,
    local,
    url: options.url ?? null,
    server,
    thresholds,
    breaches,
    ok: breaches.length === 0,
  };
}

/** Thresholds against the figures (pure). With a server offset they apply to it; without one,
 *  --max-offset applies to the local clock's chrony bound. */
export function findBreaches(
  local: LocalClockStatus,
  server: ClockOffset | null,
  { maxOffsetMs, maxUncertaintyMs }: ClockThresholds,
): ClockBreach[] {
  const breaches: ClockBreach[] = [];
  if (server !== null) {
    const unknown = server.method === 'assumed';
    if (maxOffsetMs !== null && !unknown && Math.abs(server.offsetMs) > maxOffsetMs) {
      breaches.push({
        kind: 'offset',
        valueMs: server.offsetMs,
        limitMs: maxOffsetMs,
        message: `clock offset ${formatMs(server.offsetMs)} to the server exceeds --max-offset ${formatMs(maxOffsetMs)}`,
      });
    }
    if (
      maxUncertaintyMs !== null &&
      !unknown &&
      (server.uncertaintyMs ?? Number.POSITIVE_INFINITY) > maxUncertaintyMs
    ) {
      breaches.push({
        kind: 'uncertainty',
        valueMs: server.uncertaintyMs,
        limitMs: maxUncertaintyMs,
        message: `clock offset uncertainty ± ${formatMs(server.uncertaintyMs ?? Number.NaN)} (${server.method}) exceeds --max-uncertainty ${formatMs(maxUncertaintyMs)}`,
      });
    }
    const limit = maxOffsetMs ?? maxUncertaintyMs;
    if (unknown && limit !== null) {
      breaches.push({
        kind: 'offset-unknown',
        valueMs: null,
        limitMs: limit,
        message: `clock offset unknown: ${server.note ?? 'not measured'}`,
      });
    }
    return breaches;
  }
  if (maxOffsetMs === null) return breaches;
  if (local.boundMs !== null) {
    if (local.boundMs > maxOffsetMs) {
      breaches.push({
        kind: 'local-bound',
        valueMs: local.boundMs,
        limitMs: maxOffsetMs,
        message: `local clock error bound ${formatMs(local.boundMs)} (chrony) exceeds --max-offset ${formatMs(maxOffsetMs)}`,
      });
    }
  } else {
    breaches.push({
      kind: 'local-unsynchronised',
      valueMs: null,
      limitMs: maxOffsetMs,
      message: `local clock error unknown (${localState(local)}), so --max-offset ${formatMs(maxOffsetMs)} cannot be met`,
    });
  }
  return breaches;
}

function localState(local: LocalClockStatus): string {
  if (local.synchronised === true) return `${local.source} says synchronised but gives no error bound`;
  if (local.synchronised === false) return `${local.source}: not synchronised`;
  return 'synchronisation state unknown';
}
