/**
 * Cache-Control values of the origin.
 * - Blocking playlist responses and parts/segments: their URIs name one immutable answer (a
 *   part's bytes never change, and a blocking response for (msn, part) is that playlist), so
 *   caches may keep them (6.2.5.2, 6.2.6 advise caching them so CDNs collapse requests). URIs
 *   restart with the server, hence a bounded max-age rather than `immutable`.
 * - A playlist without delivery directives changes every part: a short max-age.
 * - Clock, health, timestamps and errors must never be cached.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.2
 */
export const CacheControl = {
  Media: 'public, max-age=60',
  BlockingPlaylist: 'public, max-age=60',
  Playlist: 'public, max-age=1',
  NoStore: 'no-store',
} as const;
export type CacheControl = (typeof CacheControl)[keyof typeof CacheControl];
