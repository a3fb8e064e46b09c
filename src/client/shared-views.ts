import type { MediaPlaylist, PlaylistPart } from '../hls/media-playlist.js';
import { listedParts } from '../hls/media-playlist.js';
import { mergeDelta } from '../hls/merge-delta.js';

/**
 * Work on playlist views shared by every viewer. The playlist cache hands every viewer the same
 * parsed playlist, and viewers merge the same delta into the same previous view, so the results
 * are computed once and shared. Views are immutable, which makes sharing safe.
 */

const merges = new WeakMap<
  MediaPlaylist,
  Array<{ previous: MediaPlaylist | null; merged: MediaPlaylist | null }>
>();
/** Previous views remembered per incoming playlist: viewers a version apart share less. */
const MERGES_PER_PLAYLIST = 4;

/** `mergeDelta(previous, incoming)`, computed once per (previous, incoming) pair. */
export function sharedMerge(previous: MediaPlaylist | null, incoming: MediaPlaylist): MediaPlaylist | null {
  if (!incoming.delta || incoming.skipped === 0) return incoming;
  let known = merges.get(incoming);
  if (known === undefined) {
    known = [];
    merges.set(incoming, known);
  }
  for (const entry of known) if (entry.previous === previous) return entry.merged;
  const merged = mergeDelta(previous, incoming);
  known.push({ previous, merged });
  if (known.length > MERGES_PER_PLAYLIST) known.shift();
  return merged;
}

const parts = new WeakMap<MediaPlaylist, PlaylistPart[]>();

/** `listedParts(view)`, computed once per view. The array is shared: do not modify it. */
export function sharedListedParts(view: MediaPlaylist): PlaylistPart[] {
  let listed = parts.get(view);
  if (listed === undefined) {
    listed = listedParts(view);
    parts.set(view, listed);
  }
  return listed;
}
