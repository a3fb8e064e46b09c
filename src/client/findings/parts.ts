import type { PlaylistPart } from '../../hls/media-playlist.js';
import { mediaKey } from '../engine.js';
import type { Observations } from '../observations.js';

export interface SeenPart {
  part: PlaylistPart;
  partTarget: number;
  /** The part belongs to a complete segment, and it is that segment's last part. */
  lastOfSegment: boolean;
  /** The part's segment is complete in the playlist it was read from. */
  segmentComplete: boolean;
}

/** Every part listed in any observed playlist, once (its latest listing, complete segments first). */
export function eachDistinctPart(observations: Observations): SeenPart[] {
  const seen = new Map<string, SeenPart>();
  for (const o of observations.playlists) {
    const playlist = o.playlist;
    if (playlist === null || playlist.partTarget === null) continue;
    const partTarget = playlist.partTarget;
    for (const segment of playlist.segments) {
      segment.parts.forEach((part, i) => {
        seen.set(mediaKey(part.msn, part.index), {
          part,
          partTarget,
          lastOfSegment: i === segment.parts.length - 1,
          segmentComplete: true,
        });
      });
    }
    for (const part of playlist.tailParts) {
      const key = mediaKey(part.msn, part.index);
      if (!seen.has(key)) seen.set(key, { part, partTarget, lastOfSegment: false, segmentComplete: false });
    }
  }
  return [...seen.values()];
}
