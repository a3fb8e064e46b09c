import type { DemuxStats } from './mpegts/types.js';
import type { PackagerStats } from './packager/packager.js';

/** Whether the input gives llhls something to serve, and if not, why (for /healthz and the log). */
export const MediaState = {
  /** Nothing published yet, within the grace period. */
  Starting: 'starting',
  /** Parts (or segments) are being published. */
  Ok: 'ok',
  /** Nothing decodable within the grace period: `reason` says what is missing. */
  NoMedia: 'no-media',
  /** The program holds a stream llhls cannot package (`reason` names it). */
  Refused: 'refused',
} as const;
export type MediaState = (typeof MediaState)[keyof typeof MediaState];

export interface MediaHealth {
  state: MediaState;
  /** One line a user can act on; null while starting or ok. */
  reason: string | null;
}

/** What the streamer knows about its input when it asks. */
export interface MediaFacts {
  /** ms since the streamer started reading (or since the source last restarted). */
  elapsedMs: number;
  bytesIn: number;
  demux: DemuxStats;
  packager: PackagerStats;
  /** A PAT and PMT were read. */
  program: boolean;
  refusal: string | null;
  /** A part or segment was published. */
  published: boolean;
}

/** How long an input may take to produce its first part before llhls says why it does not. */
export const NO_MEDIA_AFTER_MS = 5000;

const mb = (bytes: number): string =>
  bytes >= 1e6
    ? `${(bytes / 1e6).toFixed(1)} MB`
    : bytes >= 1e3
      ? `${Math.round(bytes / 1e3)} kB`
      : `${bytes} bytes`;

/**
 * Diagnoses the input from what the demuxer and the packager counted, most basic lack first. Pure.
 */
export function diagnoseMedia(facts: MediaFacts, graceMs = NO_MEDIA_AFTER_MS): MediaHealth {
  if (facts.refusal !== null) return { state: MediaState.Refused, reason: facts.refusal };
  if (facts.published) return { state: MediaState.Ok, reason: null };
  if (facts.elapsedMs < graceMs) return { state: MediaState.Starting, reason: null };
  return { state: MediaState.NoMedia, reason: whyNoMedia(facts) };
}

/** The reason line for an input that produced nothing to serve. */
export function whyNoMedia(facts: MediaFacts): string {
  const { bytesIn, demux, packager } = facts;
  if (bytesIn === 0) return 'nothing was read from the input';
  // Other bytes (an MP4, raw H.264, random data) hold a 0x47 where a packet could start now and
  // then: a few such "packets" in what was read are no MPEG-TS either.
  if (demux.packets * 188 < bytesIn / 2)
    return `no MPEG-TS in ${mb(bytesIn)} read: no 0x47 sync byte every 188 bytes (write MPEG-TS, e.g. ffmpeg ... -f mpegts -)`;
  if (!facts.program) return `${demux.packets} TS packets but no PAT/PMT: no program to package`;
  const frames = packager.frames;
  if (frames === 0) return 'a program but no video or audio frames in it yet';
  if (packager.droppedFrames === frames) return `${frames} frames but no keyframe to start on yet`;
  return `${frames} frames but no part complete yet`;
}
