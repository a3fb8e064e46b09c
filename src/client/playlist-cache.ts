import type { Playlist } from '../hls/media-playlist.js';
import { parsePlaylist } from '../hls/parse-playlist.js';

/** Distinct bodies compared by content: the full and delta forms of the last few versions. */
const RECENT_BODIES = 8;

interface BodyEntry {
  bytes: Buffer;
  playlist: Playlist;
}

/**
 * Parses playlist text once for every viewer: viewers that ask the same blocking reload get the
 * same bytes back, so a thousand viewers cost one parse. Parsed playlists are treated as immutable.
 */
export class PlaylistCache {
  readonly #entries = new Map<string, Playlist>();
  /** Bodies already parsed, by identity (the adapter hands every viewer one decoded Buffer). */
  readonly #byBody = new WeakMap<Buffer, Playlist>();
  /** Recent bodies by content (uncompressed responses arrive as distinct Buffers), newest last. */
  readonly #recent: BodyEntry[] = [];
  readonly #size: number;
  hits = 0;

  constructor(size = 32) {
    this.#size = size;
  }

  /** Throws LlhlsError NotAPlaylist like parsePlaylist. */
  parse(text: string): Playlist {
    const cached = this.#entries.get(text);
    if (cached !== undefined) {
      this.hits += 1;
      return cached;
    }
    const playlist = parsePlaylist(text);
    this.#entries.set(text, playlist);
    if (this.#entries.size > this.#size) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    return playlist;
  }

  /**
   * Parses a UTF-8 body like `parse(body.toString('utf8'))`, without decoding a body seen before:
   * a known Buffer is matched by identity, a recent body by its bytes (a memcmp, cheaper than
   * decoding and hashing the text). Throws LlhlsError NotAPlaylist like parsePlaylist.
   */
  parseBody(body: Buffer): Playlist {
    const known = this.#byBody.get(body);
    if (known !== undefined) {
      this.hits += 1;
      return known;
    }
    const recent = this.#recent;
    for (let i = recent.length - 1; i >= 0; i -= 1) {
      const entry = recent[i] as BodyEntry;
      if (entry.bytes.length === body.length && entry.bytes.equals(body)) {
        this.hits += 1;
        return entry.playlist;
      }
    }
    const playlist = this.parse(body.toString('utf8'));
    this.#byBody.set(body, playlist);
    // A copy: a view would keep its whole socket read buffer alive.
    recent.push({ bytes: Buffer.from(body), playlist });
    if (recent.length > RECENT_BODIES) recent.shift();
    return playlist;
  }
}
