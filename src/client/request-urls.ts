import { buildReloadUrl } from '../hls/ll-hls-url.js';

/** A URI resolved by plain concatenation: no scheme, query, fragment, escapes or dot segments. */
const SIMPLE_URI = /^[\w-][\w.~-]*$/;

/**
 * The URLs one viewer requests, built the way `buildReloadUrl` and `new URL(uri, playlistUrl)`
 * build them, without parsing a URL per request: for a playlist URL without query or fragment
 * the reload URL is the URL plus its directives, and a simple relative URI (`part123.ts`) is the
 * playlist's directory plus the URI. Anything else takes the general path.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.1
 */
export class RequestUrls {
  readonly #playlistUrl: string;
  /** The normalized playlist URL when it has no query or fragment, else null. */
  readonly #reloadBase: string | null;
  /** The playlist's directory (ends with '/'), or null when the URL does not parse. */
  readonly #directory: string | null;

  constructor(playlistUrl: string) {
    this.#playlistUrl = playlistUrl;
    let parsed: URL | null = null;
    try {
      parsed = new URL(playlistUrl);
    } catch {
      parsed = null;
    }
    const href = parsed?.href ?? null;
    this.#reloadBase = href !== null && !href.includes('?') && !href.includes('#') ? href : null;
    this.#directory =
      parsed === null
        ? null
        : `${parsed.origin}${parsed.pathname.slice(0, parsed.pathname.lastIndexOf('/') + 1)}`;
    // Non-hierarchical URLs (no '//' authority) resolve differently: general path only.
    if (parsed !== null && (parsed.origin === 'null' || !href?.startsWith(`${parsed.origin}/`))) {
      this.#directory = null;
    }
  }

  /** `buildReloadUrl(playlistUrl, { msn, part, skip: skip ? 'YES' : null })`. */
  reload(msn: number | null, part: number | null, skip: boolean): string {
    const base = this.#reloadBase;
    if (base === null || (part !== null && msn === null)) {
      return buildReloadUrl(this.#playlistUrl, { msn, part, skip: skip ? 'YES' : null });
    }
    let url = base;
    let separator = '?';
    if (msn !== null) {
      url += `${separator}_HLS_msn=${msn}`;
      separator = '&';
    }
    if (part !== null) {
      url += `${separator}_HLS_part=${part}`;
      separator = '&';
    }
    if (skip) url += `${separator}_HLS_skip=YES`;
    return url;
  }

  /** `new URL(uri, playlistUrl).toString()`. */
  media(uri: string): string {
    if (this.#directory !== null && SIMPLE_URI.test(uri)) return this.#directory + uri;
    return new URL(uri, this.#playlistUrl).toString();
  }
}
