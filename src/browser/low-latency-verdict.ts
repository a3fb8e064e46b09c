/** What the page's network log says about how the player really played. */
export interface LowLatencyCounts {
  parts: number;
  blockingReloads: number;
  hintRequests: number;
  segments: number;
}

/**
 * A one-line verdict: players silently falling back to ordinary HLS (whole segments, plain
 * playlist polling) is a common complaint, and latency alone does not say which happened.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.2
 */
export function lowLatencyVerdict(c: LowLatencyCounts): string {
  const hints = c.hintRequests > 0 ? ', preload hints used' : '';
  if (c.parts > 0 && c.blockingReloads > 0) return `low-latency (parts + blocking reload${hints})`;
  if (c.parts > 0) return `partly low-latency (parts, but playlists polled without blocking reload${hints})`;
  if (c.blockingReloads > 0) return 'partly low-latency (blocking reload, but whole segments only)';
  if (c.segments > 0) return 'fell back to ordinary HLS (whole segments, no blocking reload)';
  return 'no media loaded';
}
