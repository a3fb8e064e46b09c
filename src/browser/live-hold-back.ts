import type { MediaPlaylist } from '../hls/media-playlist.js';

/**
 * How far behind the end of the playlist a player is meant to play, seconds: PART-HOLD-BACK for a
 * low-latency stream, else HOLD-BACK, else the spec's default of three target durations. Null
 * when the playlist says nothing that gives one. Pure.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.3.8
 */
export function liveHoldBack(playlist: MediaPlaylist): number | null {
  const control = playlist.serverControl;
  if (control?.partHoldBack != null && playlist.partTarget !== null) return control.partHoldBack;
  if (control?.holdBack != null) return control.holdBack;
  return playlist.targetDuration === null ? null : 3 * playlist.targetDuration;
}
