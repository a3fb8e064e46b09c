import type { EventSurface } from '../../src/event-surface.js';
import type { AdtsConfig } from '../codec/adts.js';
import type { Container } from '../packager/container.js';
import type { Hint, MediaWindowEvents, Part, ResolvedUri, Segment } from '../packager/media-types.js';
import type { MediaWindow } from '../packager/media-window.js';
import { describeVariant, renderMultivariantPlaylist } from '../packager/multivariant-playlist.js';
import type { AdvertisedValues } from '../packager/packager-options.js';
import { renderPlaylist } from '../packager/playlist.js';
import type { StreamDescription } from '../packager/timestamps-view.js';

/**
 * The media window as the origin reads it: the parts, segments and preload hint an engine has
 * published, what its playlist advertises, and the events that wake held requests. The packager's
 * MediaWindow (streamer/packager/media-window.ts) is one; a second engine (GStreamer writing CMAF
 * files) implements the same to be served by the same origin. Every member is read-only here: the
 * origin never changes the window.
 */
export interface ServedWindow extends Pick<EventSurface<MediaWindowEvents>, 'on'> {
  /** Segments in the playlist, oldest first; the last may be open (only its parts listed). */
  readonly segments: readonly Segment[];
  /** What parts and segments are written in (their extension and Content-Type). */
  readonly container: Container;
  /** The playlist lists parts (EXT-X-PART); false with --no-parts. */
  readonly listParts: boolean;
  /** What the playlist advertises (TARGETDURATION, PART-TARGET...); null until decided. */
  readonly advertised: AdvertisedValues | null;
  /** Increases by one on every change of the playlist (the `update` event). */
  readonly version: number;
  /** When the playlist last changed (epoch ms, server clock); NaN before it ever did. */
  readonly updatedAt: number;
  readonly mediaSequence: number;
  readonly discontinuitySequence: number;
  /** The part the playlist's preload hint names (EXT-X-PRELOAD-HINT); null when none. */
  readonly hint: Hint | null;
  /** The last published part, for /healthz. */
  readonly lastPart: Part | null;
  hasPart(msn: number, index: number): boolean;
  hasSegment(msn: number): boolean;
  /** The URI of part `number` (`part12.ts`, `part12.m4s`). */
  partUri(number: number): string;
  /** What a URI names (`part12.ts`, `seg3.m4s`, `init0.mp4`, the hinted part); null: not in the
   *  window. */
  resolve(uri: string, now: number): ResolvedUri | null;
  /** Bytes of the hinted part so far (--hint-streaming). */
  hintChunks(number: number): readonly Uint8Array[];
}

/** Whether part `number` is published in `window` now (not hinted, not gone from the window). */
export function partPublished(window: ServedWindow, number: number, now: number): boolean {
  return window.resolve(window.partUri(number), now)?.kind === 'part';
}

/** What the origin serves: a window, its playlist text, and its engine's figures. */
export interface ServedMedia {
  readonly window: ServedWindow;
  /** The playlist of the window as it is now (full, or the delta form); null while nothing is
   *  published. A function of the window's state: the origin renders it once per `version`. */
  renderPlaylist(skip: boolean): string | null;
  /** The multivariant playlist (/master.m3u8: one variant, `playlist.m3u8`, its BANDWIDTH and
   *  AVERAGE-BANDWIDTH measured from the window's segments); null until a segment is complete. */
  renderMultivariant(stream: StreamDescription): string | null;
  /** Seconds: the segment duration asked for, the deadline of held requests (3 x this, rounded
   *  up) until the window advertises its TARGETDURATION. */
  readonly segmentTarget: number;
  /** The engine's counters, shown as they are in /healthz. */
  stats(): object;
}

/**
 * An engine that publishes into our MediaWindow as served media: the packager (`llhls serve`)
 * and the GStreamer engine's segment feed (`--engine gstreamer`), so both get the same playlists,
 * blocking reload, Server-Timing, /master.m3u8, /timestamps.json and /healthz.
 */
export function servedMedia(engine: {
  readonly window: MediaWindow;
  /** The segment duration asked for (s). */
  readonly segmentTarget: number;
  /** The audio the stream carries (the multivariant playlist's CODECS), or null. */
  readonly audioConfig: AdtsConfig | null;
  /** The engine's counters. */
  readonly stats: object;
}): ServedMedia {
  const window = engine.window;
  return {
    window,
    renderPlaylist: (skip) => renderPlaylist(window, { skip }),
    renderMultivariant: (stream) => {
      const variant = describeVariant(window, stream, engine.audioConfig, 'playlist.m3u8');
      return variant === null ? null : renderMultivariantPlaylist(variant);
    },
    segmentTarget: engine.segmentTarget,
    stats: () => ({ ...engine.stats }),
  };
}
