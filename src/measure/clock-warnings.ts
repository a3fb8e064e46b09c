import type { ClockOffset } from '../run/types.js';

/** |after − before| when both offsets were measured (not assumed, not one clock), else null. */
export function clockDrift(before: ClockOffset, after: ClockOffset | null): number | null {
  const measured = (o: ClockOffset): boolean => o.method !== 'assumed' && o.method !== 'same-host';
  if (after === null || !measured(before) || !measured(after)) return null;
  return Math.abs(after.offsetMs - before.offsetMs);
}

/**
 * The clock warnings a run's summary must carry (MEASUREMENT.md: every corrected figure is only
 * as good as the offset): uncertainty above `maxMs` before or after the run, drift above `maxMs`
 * during it, and an offset that was assumed rather than measured. None for a server on this host:
 * one clock has no offset to doubt.
 */
export function clockWarnings(before: ClockOffset, after: ClockOffset | null, maxMs: number): string[] {
  const warnings: string[] = [];
  if (before.method === 'same-host') return warnings;
  if (before.method === 'assumed') {
    // The probe also answers `assumed` (with a note) for a server with neither /time nor Date.
    const why = before.note ?? '--assume-synced';
    warnings.push(`clock offset assumed 0 (${why}): latencies are only as right as the two clocks agree`);
    return warnings;
  }
  for (const [when, offset] of [
    ['before', before],
    ['after', after],
  ] as const) {
    if (offset === null || offset.uncertaintyMs === null || offset.uncertaintyMs <= maxMs) continue;
    warnings.push(
      `clock offset uncertainty ${offset.uncertaintyMs.toFixed(1)} ms ${when} the run (method ${offset.method}) exceeds ` +
        `--max-clock-uncertainty ${maxMs} ms: every latency may be off by that much`,
    );
  }
  const drift = clockDrift(before, after);
  if (drift !== null && drift > maxMs) {
    warnings.push(
      `clock offset drifted ${drift.toFixed(1)} ms during the run (${before.offsetMs.toFixed(1)} → ${after?.offsetMs.toFixed(1)} ms), ` +
        `more than ${maxMs} ms: synchronise the clocks (llhls clock) and measure again`,
    );
  }
  return warnings;
}
