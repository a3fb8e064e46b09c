import type { MediaPlaylist, PlaylistPart } from '../../hls/media-playlist.js';
import { mediaKey } from '../engine.js';

export interface SeenPart {
  part: PlaylistPart;
  partTarget: number;
  /** The part belongs to a complete segment, and it is that segment's last part. */
  lastOfSegment: boolean;
  /** The part's segment is complete in the playlist it was read from. */
  segmentComplete: boolean;
}

/**
 * Every part listed in the observed playlists, handed to `onFinal` once: its latest listing in a
 * complete segment, else its first listing as a tail part. A part is final when the playlist no
 * longer holds its segment (below EXT-X-MEDIA-SEQUENCE) or at `finish()`, so only the parts of
 * the live window are kept, however long the run.
 */
export class DistinctParts {
  readonly #open = new Map<string, SeenPart>();
  readonly #onFinal: (part: SeenPart) => void;

  constructor(onFinal: (part: SeenPart) => void) {
    this.#onFinal = onFinal;
  }

  playlist(playlist: MediaPlaylist): void {
    if (playlist.partTarget === null) return;
    const partTarget = playlist.partTarget;
    for (const segment of playlist.segments) {
      segment.parts.forEach((part, i) => {
        this.#open.set(mediaKey(part.msn, part.index), {
          part,
          partTarget,
          lastOfSegment: i === segment.parts.length - 1,
          segmentComplete: true,
        });
      });
    }
    for (const part of playlist.tailParts) {
      const key = mediaKey(part.msn, part.index);
      if (!this.#open.has(key))
        this.#open.set(key, { part, partTarget, lastOfSegment: false, segmentComplete: false });
    }
    // Map order is insertion order, oldest listings first: stop at the first still listed.
    for (const [key, seen] of this.#open) {
      if (seen.part.msn >= playlist.mediaSequence) break;
      this.#open.delete(key);
      this.#onFinal(seen);
    }
  }

  /** Hands over every part still open. */
  finish(): void {
    for (const seen of this.#open.values()) this.#onFinal(seen);
    this.#open.clear();
  }
}
