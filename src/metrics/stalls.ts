import { StallCause, type StallSample, type StallSummary } from '../run/types.js';

/**
 * Count, total and longest stall from stall samples. A stall still open when the run ended
 * (`end` null) counts until `endedAt`: the viewer saw a frozen picture for that long at least.
 *
 * @param stalls the stall samples of one client or viewer
 * @param endedAt server-clock epoch ms the run ended, closing open stalls
 */
export function summarizeStalls(stalls: Iterable<StallSample>, endedAt: number): StallSummary {
  let count = 0;
  let totalMs = 0;
  let longestMs = 0;
  let seekCount = 0;
  let seekMs = 0;
  let causeKnown = false;
  for (const stall of stalls) {
    const ms = stallDuration(stall, endedAt);
    count += 1;
    totalMs += ms;
    longestMs = Math.max(longestMs, ms);
    if (stall.cause !== undefined) causeKnown = true;
    if (stall.cause === StallCause.Seek) {
      seekCount += 1;
      seekMs += ms;
    }
  }
  // Only players that tell causes apart get the split: absent means "not known", not "none".
  return causeKnown
    ? { count, totalMs, longestMs, seek: { count: seekCount, totalMs: seekMs } }
    : { count, totalMs, longestMs };
}

/** A stall's length: its own figure, else end - start, else until the run ended; never negative. */
export function stallDuration(stall: StallSample, endedAt: number): number {
  const ms = stall.durationMs ?? (stall.end ?? endedAt) - stall.start;
  return Math.max(0, ms);
}
