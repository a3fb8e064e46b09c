import type { Playlist } from '../hls/media-playlist.js';

/** What a media URL stands for, learnt from the playlists the player loaded. */
export interface MediaRef {
  kind: 'part' | 'segment';
  msn: number;
  /** Part index within its segment; null for a whole segment. */
  part: number | null;
  /** Seconds, from the playlist; null for a hinted part (its duration is not known yet). */
  duration: number | null;
}

export interface ClassifiedMedia extends MediaRef {
  /** Requested before any playlist listed it, after a playlist hinted it (EXT-X-PRELOAD-HINT). */
  hinted: boolean;
}

/**
 * Every part, segment and preload hint the player's playlists named, by absolute URL, so a
 * request seen in the page's network log can be classified. Pure: `at` instants are parameters.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.5.3
 */
export class PlaylistCatalog {
  readonly #listed = new Map<string, MediaRef & { listedAt: number }>();
  readonly #hinted = new Map<string, MediaRef>();

  /** Records a playlist response received (last byte) at `at`. Master playlists add nothing. */
  add(playlistUrl: string, playlist: Playlist, at: number): void {
    if (playlist.kind !== 'media') return;
    const abs = (uri: string): string => new URL(uri, playlistUrl).href;
    const list = (url: string, ref: MediaRef): void => {
      if (!this.#listed.has(url)) this.#listed.set(url, { ...ref, listedAt: at });
    };
    for (const segment of playlist.segments) {
      list(abs(segment.uri), { kind: 'segment', msn: segment.msn, part: null, duration: segment.duration });
      for (const p of segment.parts)
        list(abs(p.uri), { kind: 'part', msn: p.msn, part: p.index, duration: p.duration });
    }
    for (const p of playlist.tailParts)
      list(abs(p.uri), { kind: 'part', msn: p.msn, part: p.index, duration: p.duration });
    const hint = playlist.preloadHint;
    if (hint !== null && hint.type === 'PART') {
      const url = abs(hint.uri);
      if (!this.#hinted.has(url))
        this.#hinted.set(url, { kind: 'part', msn: hint.msn, part: hint.index, duration: null });
    }
    this.#prune();
  }

  /** Classifies a request for `url` started at `requestStart`; null when no playlist named it. */
  classify(url: string, requestStart: number): ClassifiedMedia | null {
    const listed = this.#listed.get(url);
    const hint = this.#hinted.get(url);
    if (hint !== undefined && (listed === undefined || requestStart < listed.listedAt)) {
      return { ...hint, hinted: true };
    }
    if (listed === undefined) return null;
    const { listedAt: _listedAt, ...ref } = listed;
    return { ...ref, hinted: false };
  }

  /** Keeps memory flat over long runs: a live window is a few hundred entries. */
  #prune(): void {
    for (const map of [this.#listed, this.#hinted] as Array<Map<string, unknown>>) {
      const excess = map.size - 5000;
      if (excess <= 0) continue;
      let i = 0;
      for (const key of map.keys()) {
        if (i++ >= excess) break;
        map.delete(key);
      }
    }
  }
}
