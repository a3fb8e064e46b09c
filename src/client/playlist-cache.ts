import type { Playlist } from '../hls/media-playlist.js';
import { parsePlaylist } from '../hls/parse-playlist.js';

/**
 * Parses playlist text once for every viewer: viewers that ask the same blocking reload get the
 * same bytes back, so a thousand viewers cost one parse. Parsed playlists are treated as immutable.
 */
export class PlaylistCache {
  readonly #entries = new Map<string, Playlist>();
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
}
