/**
 * The names artillery-engine-llhls gives its metrics in Artillery, and `llhls report` reads back:
 * one vocabulary for both sides. Histograms are `llhls.<metric>` (MetricName, ms).
 */
export const ARTILLERY_PREFIX = 'llhls.';

/** Counters (after the prefix). */
export const ARTILLERY_COUNTER = {
  /** Parts fetched whole (HTTP 200). */
  parts: 'parts',
  /** Stalls of the simulated player that began after the viewer's warm-up. */
  stalls: 'stalls',
  /** Error samples (failed requests) and viewers that could not play at all. */
  errors: 'errors',
  /** One per viewer and failing protocol finding. */
  failedFindings: 'failed_findings',
  /** `findings.<id>.<pass|fail|warn|skip>` viewers, `findings.<id>.checked|failed` counts. */
  findings: 'findings',
} as const;

/** The histogram of ended stalls' durations (ms): Artillery keeps no sum, so total = mean x count. */
export const ARTILLERY_STALL_DURATION = 'stall_duration';

/** `llhls.<name>`. */
export function artilleryName(name: string): string {
  return `${ARTILLERY_PREFIX}${name}`;
}
