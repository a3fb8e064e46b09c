import type { AdtsConfig } from '../codec/adts.js';
import type { MediaWindow } from '../packager/media-window.js';

/**
 * What the origin serves: a media window (segments, parts, the hint, init segments, what is
 * advertised, its events) and a few facts about the stream. Two engines implement it: the
 * packager (`llhls serve`) and the GStreamer engine's segment feed (`--engine gstreamer`), so
 * both get the same playlists, blocking reload, Server-Timing, /timestamps.json and /healthz.
 */
export interface OriginMedia {
  readonly window: MediaWindow;
  /** The segment duration asked for (s): bounds a held request before TARGETDURATION is known. */
  readonly segmentTarget: number;
  /** The audio the stream carries (the multivariant playlist's CODECS), or null. */
  readonly audioConfig: AdtsConfig | null;
  /** The engine's counters, as /healthz shows them. */
  readonly stats: object;
}
