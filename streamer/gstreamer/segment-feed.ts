import type { AdtsConfig } from '../codec/adts.js';
import { Container } from '../packager/container.js';
import { MediaWindow } from '../packager/media-window.js';
import { decideAdvertised, validatePackagerOptions } from '../packager/packager-options.js';
import type { SegmentFile } from './segment-file.js';
import { rewriteSegment } from './segment-rewrite.js';

export interface SegmentFeedOptions {
  /** Seconds asked for (--segment-duration): TARGETDURATION and PART-TARGET come from it. */
  segmentDuration: number;
  frameRate: number;
  /** PART-HOLD-BACK (s); default 3 x PART-TARGET. */
  partHoldBack?: number;
  /** Segments listed (--playlist-length). */
  windowSegments: number;
}

/** Counters for /healthz and the status line. */
export interface SegmentFeedStats {
  /** Files published as segments. */
  segments: number;
  /** Frames in them. */
  frames: number;
  /** Bytes of media published (fragments, without the dropped ftyp/moov/mfra). */
  bytes: number;
  /** Files that needed another init segment than the one before (EXT-X-DISCONTINUITY). */
  initChanges: number;
}

/**
 * The GStreamer engine's side of the origin: turns each closed splitmuxsink file into one
 * segment of the shared media window (served by the origin through served-media.ts servedMedia), listed as one EXT-X-PART too (the design rebuilt has no
 * smaller unit a client can fetch: the file is readable once closed), on one continuous fMP4
 * timeline: the first file's ftyp+moov is the init segment (EXT-X-MAP), every file's fragments
 * are rewritten (segment-rewrite.ts). A file whose sample entry differs (new SPS) gets a new init
 * segment and EXT-X-DISCONTINUITY. Pure: `now` and capture times come in as parameters.
 */
export class SegmentFeed {
  readonly window: MediaWindow;
  readonly segmentTarget: number;
  readonly audioConfig: AdtsConfig | null = null;
  readonly stats: SegmentFeedStats = { segments: 0, frames: 0, bytes: 0, initChanges: 0 };
  #decoderConfig: Uint8Array | null = null;
  /** Decode time (track timescale) where the next file starts, and the next mfhd sequence. */
  #decodeTime = 0;
  #sequence = 1;
  #timescale = 0;
  #partNumber = 0;

  constructor(options: SegmentFeedOptions) {
    this.segmentTarget = options.segmentDuration;
    this.window = new MediaWindow({
      windowSegments: options.windowSegments,
      listParts: true,
      container: Container.Fmp4,
    });
    // One part per segment: PART-TARGET is the segment's (whole frames), PART-HOLD-BACK 3 x it.
    // No delta updates: the design rebuilt had none, and hls.js 1.7 stopped on this playlist's
    // delta update ("media sequence mismatch", fatal) where it always ends with a complete
    // segment and no preload hint; a client asking _HLS_skip gets the whole playlist (6.2.5.1).
    const packaging = {
      segmentTarget: options.segmentDuration,
      partTarget: options.segmentDuration,
      ...(options.partHoldBack === undefined ? {} : { partHoldBack: options.partHoldBack }),
      windowSegments: options.windowSegments,
      captureTime: () => 0,
    };
    // The same refusals as the llhls engine's (--part-hold-back below 2 parts or above HOLD-BACK).
    validatePackagerOptions(packaging);
    const advertised = decideAdvertised(packaging, 90_000 / options.frameRate);
    this.window.advertised = { ...advertised, canSkipUntil: 0 };
  }

  /**
   * Publishes a closed file as the next segment. `frameCaptures`: the capture time (epoch ms) of
   * each of its frames, in order (as many as it holds samples); `now`: the server clock.
   */
  publish(file: SegmentFile, frameCaptures: readonly number[], now: number): void {
    const window = this.window;
    const newInit =
      this.#decoderConfig === null ||
      !sameBytes(this.#decoderConfig, file.decoderConfig) ||
      file.timescale !== this.#timescale;
    if (newInit) {
      if (this.#decoderConfig !== null) {
        window.markDiscontinuity();
        this.stats.initChanges += 1;
      }
      if (this.#timescale !== 0 && file.timescale !== this.#timescale) {
        this.#decodeTime = Math.round((this.#decodeTime * file.timescale) / this.#timescale);
      }
      window.setInit(file.init.slice());
      this.#decoderConfig = file.decoderConfig.slice();
      this.#timescale = file.timescale;
    }
    const bytes = rewriteSegment(file, { baseDecodeTime: this.#decodeTime, firstSequence: this.#sequence });
    const firstPts = (this.#decodeTime * 90_000) / file.timescale;
    this.#decodeTime += file.duration;
    this.#sequence += file.fragments.length;
    const duration = Math.round((file.duration / file.timescale) * 1e5) / 1e5;
    const captures = [...frameCaptures];
    window.publishPart(
      {
        number: this.#partNumber++,
        duration,
        independent: true,
        firstPts,
        capture: captures[0] ?? now,
        frameCaptures: captures,
        bytes,
      },
      now,
    );
    window.completeSegment(now);
    // The next file, announced as the next part: hls.js 1.7 stopped ("media sequence mismatch",
    // fatal) on LL-HLS playlists that end with a complete segment and no hint. A request for
    // it is held until the file is closed and published (6.2.6), or 3 target durations.
    window.setHint(this.#partNumber, now);
    this.stats.segments += 1;
    this.stats.frames += file.sampleCount;
    this.stats.bytes += bytes.length;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
