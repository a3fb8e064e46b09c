import { LlhlsError, LlhlsErrorCode } from '../../src/errors.js';
import type { AdtsConfig } from '../codec/adts.js';
import type { Container } from './container.js';

/** Options of the pure LL-HLS packager. Times in seconds unless named otherwise. */
export interface PackagerOptions {
  /** Segment target duration (--segment-duration), seconds. */
  segmentTarget: number;
  /** Part target duration (--part-duration), seconds. */
  partTarget: number;
  /** false = --no-parts: short segments only, no PART-INF, EXT-X-PART or PRELOAD-HINT. */
  parts?: boolean;
  /** PART-HOLD-BACK in seconds; default 3 x PART-TARGET, at least 2 x PART-TARGET. */
  partHoldBack?: number;
  /** Video frame rate; estimated from the first PTS delta when absent. */
  frameRate?: number;
  /**
   * Frames from one keyframe to the next, when the encoder is ours and keeps a fixed GOP (FFmpeg
   * `-g`, `-keyint_min`, no scene cuts). A segment then completes with its last frame, when the
   * next one is known to be its keyframe, instead of when that keyframe arrives a frame interval
   * later. Absent (a stream someone else encodes): the arriving keyframe closes the segment.
   */
  keyframeInterval?: number;
  /** The container of parts and segments (--container): MPEG-TS (default) or fMP4. */
  container?: Container;
  /** The audio configuration our own encoder makes, when it makes audio: until the stream's own
   *  ADTS header arrives, an fMP4 init segment declares this (a different header later starts a
   *  new timeline). Absent for a stream someone else encodes. */
  expectedAudio?: AdtsConfig;
  /** Segments in the playlist (--window-size). Default 10. */
  windowSegments?: number;
  /** Capture time (epoch ms) of a frame from its unwrapped 90 kHz PTS and its arrival (epoch ms).
   *  `anew`: the frame starts a new timeline (after a jump or restart), so whatever was learnt
   *  about the old one no longer holds. */
  captureTime: (pts90k: number, arrival: number, anew: boolean) => number;
}

/**
 * The values a playlist advertises. Decided once, when the frame rate is known, and never changed
 * afterwards: TARGETDURATION, PART-TARGET and PART-HOLD-BACK must not change in a live stream.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.3.1
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.3.7
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.3.8
 */
export interface AdvertisedValues {
  version: number;
  /** EXT-X-TARGETDURATION, integer seconds. */
  targetDuration: number;
  /** PART-TARGET seconds (5 decimals); null with --no-parts. */
  partTarget: number | null;
  /** Frames per part (video), or per segment with --no-parts (the cut unit). */
  framesPerPart: number;
  /** Frame interval in 90 kHz ticks, as decided. */
  frameTicks: number;
  partHoldBack: number | null;
  holdBack: number;
  canSkipUntil: number;
  canBlockReload: true;
  windowSegments: number;
  /** Advance Part Limit (6.2.5.2): 3 / PART-TARGET when PART-TARGET < 1 s, else 3. */
  advancePartLimit: number;
}

/** The playlist version: 9 for EXT-X-SKIP (delta updates). */
export const PLAYLIST_VERSION = 9;

const round5 = (x: number): number => Math.round(x * 1e5) / 1e5;

/** Rejects impossible options with an LlhlsError naming the flag (before anything starts). */
export function validatePackagerOptions(options: PackagerOptions): void {
  const bad = (flag: string, message: string): never => {
    throw new LlhlsError(LlhlsErrorCode.InvalidFlag, `${flag}: ${message}`);
  };
  if (!(options.segmentTarget > 0)) bad('--segment-duration', `must be > 0 s, got ${options.segmentTarget}`);
  if (!(options.partTarget > 0)) bad('--part-duration', `must be > 0 s, got ${options.partTarget}`);
  if (options.parts !== false && options.partTarget > options.segmentTarget) {
    bad('--part-duration', `must not exceed --segment-duration (${options.segmentTarget} s)`);
  }
  if (options.frameRate !== undefined && !(options.frameRate > 0)) {
    bad('--framerate', `must be > 0, got ${options.frameRate}`);
  }
  const gop = options.keyframeInterval;
  if (gop !== undefined && !(Number.isInteger(gop) && gop >= 1)) {
    bad('keyframeInterval', `must be an integer >= 1, got ${gop}`);
  }
  const window = options.windowSegments ?? 10;
  if (!Number.isInteger(window) || window < 3) {
    // 6.2.2: a live playlist must hold at least three target durations.
    bad('--window-size', `must be an integer >= 3 (RFC 8216bis 6.2.2), got ${window}`);
  }
  if (options.partHoldBack !== undefined) {
    // Without parts the playlist has no PART-HOLD-BACK: a value given would silently do nothing.
    if (options.parts === false) bad('--part-hold-back', 'applies to parts: drop it or drop --no-parts');
    const minimum = 2 * options.partTarget;
    if (!(options.partHoldBack >= minimum - 1e-9)) {
      bad(
        '--part-hold-back',
        `must be at least 2 x the part target (${round5(minimum)} s, RFC 8216bis 4.4.3.8), got ${options.partHoldBack}`,
      );
    }
    // A low-latency player further behind than a regular one (HOLD-BACK) is no low latency.
    const holdBack = holdBackOf(options.segmentTarget);
    if (options.partHoldBack > holdBack + 1e-9) {
      bad(
        '--part-hold-back',
        `must not exceed HOLD-BACK (${holdBack} s: 3 x the target duration of --segment-duration ${options.segmentTarget} s), got ${options.partHoldBack}`,
      );
    }
  }
}

/** EXT-X-TARGETDURATION of a segment target: whole seconds, at least 1. */
export function targetDurationOf(segmentTarget: number): number {
  return Math.max(1, Math.ceil(segmentTarget - 1e-9));
}

/** HOLD-BACK the playlist advertises: 3 x the target duration (its minimum, RFC 8216bis 4.4.3.8). */
export function holdBackOf(segmentTarget: number): number {
  return 3 * targetDurationOf(segmentTarget);
}

/**
 * Decides the advertised values for a frame interval (90 kHz ticks). A part holds
 * k = max(1, round(partTarget x frameRate)) frames; PART-TARGET is the k-frame duration rounded up
 * to 5 decimals (a part must never exceed PART-TARGET, and whole parts must reach 85% of it).
 */
export function decideAdvertised(options: PackagerOptions, frameTicks: number): AdvertisedValues {
  const frameSeconds = frameTicks / 90_000;
  const parts = options.parts !== false;
  const targetDuration = targetDurationOf(options.segmentTarget);
  const windowSegments = options.windowSegments ?? 10;
  const base = {
    version: PLAYLIST_VERSION,
    targetDuration,
    frameTicks,
    holdBack: holdBackOf(options.segmentTarget),
    canSkipUntil: 6 * targetDuration,
    canBlockReload: true as const,
    windowSegments,
  };
  if (!parts) {
    return {
      ...base,
      partTarget: null,
      framesPerPart: Math.max(1, Math.round(options.segmentTarget / frameSeconds)),
      partHoldBack: null,
      advancePartLimit: 0,
    };
  }
  const framesPerPart = Math.max(1, Math.round(options.partTarget / frameSeconds));
  // PART-TARGET is what k frames last (rounded up to 5 decimals: a part must never exceed it), also
  // when that is less than asked: parts of k frames then meet the 85% rule (4.4.4.9), which k
  // frames under 85% of the asked target would not (60 fps, 0.04 s: 2 frames, 0.0333 s).
  const partTarget = Math.ceil(((framesPerPart * frameTicks) / 90_000) * 1e5 - 1e-6) / 1e5;
  const partHoldBack = round5(Math.max(options.partHoldBack ?? 3 * partTarget, 2 * partTarget));
  return {
    ...base,
    partTarget,
    framesPerPart,
    partHoldBack,
    advancePartLimit: partTarget < 1 ? Math.floor(3 / partTarget) : 3,
  };
}
