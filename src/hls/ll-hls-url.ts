/**
 * Delivery directives: the query parameters a client adds to a playlist URL to ask for a blocking
 * reload (`_HLS_msn`, `_HLS_part`) or a delta update (`_HLS_skip`). Pure.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.1
 */
export interface DeliveryDirectives {
  /** Media sequence number the response must contain (or the segment the part belongs to). */
  msn?: number | null;
  /** Part index within `msn`; only meaningful with `msn`. */
  part?: number | null;
  /** Ask for a Playlist Delta Update: `YES` skips segments, `v2` also date ranges. */
  skip?: 'YES' | 'v2' | null;
}

const DIRECTIVE_NAMES = ['_HLS_msn', '_HLS_part', '_HLS_skip'] as const;

/**
 * Adds delivery directives to a playlist URL, keeping its other query parameters (tokens, etc.)
 * and replacing any directives it already had. Directives go last, in the order msn, part, skip,
 * so equal requests make equal URLs (cache keys at a CDN).
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.1
 */
export function buildReloadUrl(playlistUrl: string, directives: DeliveryDirectives): string {
  const url = new URL(playlistUrl);
  for (const name of DIRECTIVE_NAMES) url.searchParams.delete(name);
  const { msn = null, part = null, skip = null } = directives;
  if (part !== null && msn === null) {
    // 6.2.5.1: "_HLS_part ... MUST be accompanied by _HLS_msn"; a caller bug, not a user mistake.
    throw new Error('buildReloadUrl: part requires msn');
  }
  if (msn !== null) url.searchParams.append('_HLS_msn', String(msn));
  if (part !== null) url.searchParams.append('_HLS_part', String(part));
  if (skip !== null) url.searchParams.append('_HLS_skip', skip);
  return url.toString();
}

/** Reads the delivery directives back from a URL (for servers in tests and for logs). */
export function readDirectives(url: URL): { msn: number | null; part: number | null; skip: string | null } {
  const int = (name: string): number | null => {
    const raw = url.searchParams.get(name);
    if (raw === null || !/^\d+$/.test(raw)) return null;
    return Number(raw);
  };
  return { msn: int('_HLS_msn'), part: int('_HLS_part'), skip: url.searchParams.get('_HLS_skip') };
}
