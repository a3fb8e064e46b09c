/** What a client's requests say about how it really played: counts of each kind of request. */
export interface LowLatencyCounts {
  parts: number;
  blockingReloads: number;
  hintRequests: number;
  segments: number;
}

/**
 * The one-line low-latency verdict of both clients (summary.json `lowLatency.verdict`): players
 * silently falling back to ordinary HLS (whole segments, plain playlist polling) is a common
 * complaint, and latency alone does not say which happened.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.2
 */
export function lowLatencyVerdict(c: LowLatencyCounts): string {
  if (c.parts > 0 && c.blockingReloads > 0) {
    return c.hintRequests > 0
      ? 'low-latency: parts, blocking reloads and preload hints'
      : 'low-latency: parts and blocking reloads, no preload hints';
  }
  if (c.parts > 0) return 'partly low-latency: parts, but playlists polled without blocking reloads';
  if (c.blockingReloads > 0) return 'partly low-latency: blocking reloads, but whole segments only';
  if (c.segments > 0) return 'not low-latency: fell back to ordinary HLS (whole segments by polling)';
  return 'no media loaded';
}
