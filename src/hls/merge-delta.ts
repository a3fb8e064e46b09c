import type { MediaPlaylist, PlaylistSegment } from './media-playlist.js';

/**
 * Rebuilds the full playlist view from a Playlist Delta Update: the skipped segments (msn from
 * mediaSequence up to mediaSequence + skipped - 1) are taken from the previous view. Pure.
 * Returns null when the previous view does not hold every skipped segment: the client then
 * needs a full reload.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.1
 */
export function mergeDelta(previous: MediaPlaylist | null, delta: MediaPlaylist): MediaPlaylist | null {
  if (!delta.delta || delta.skipped === 0) return delta;
  if (previous === null) return null;
  const byMsn = new Map<number, PlaylistSegment>();
  for (const segment of previous.segments) byMsn.set(segment.msn, segment);
  const restored: PlaylistSegment[] = [];
  for (let msn = delta.mediaSequence; msn < delta.mediaSequence + delta.skipped; msn += 1) {
    const segment = byMsn.get(msn);
    if (segment === undefined) return null;
    restored.push(segment);
  }
  return { ...delta, skipped: 0, delta: false, segments: [...restored, ...delta.segments] };
}
