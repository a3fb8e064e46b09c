import {
  TIMESTAMPS_SCHEMA,
  type TimestampsDocument,
  type TimestampsSegment,
  type TimestampsStreamInfo,
} from '../../src/hls/timestamps.js';
import type { ReloadWindow } from './blocking-reload.js';
import type { Segment } from './media-types.js';

/** Stream info without what the packager decides (PART-TARGET, TARGETDURATION). */
export type StreamDescription = Omit<TimestampsStreamInfo, 'partTarget' | 'targetDuration'>;

/**
 * Builds `/timestamps.json` from the window: every listed segment with all its parts (also those
 * no longer listed in the playlist), capture and publish times. Pure.
 * JSON Schema: schemas/timestamps.schema.json.
 */
export function buildTimestamps(
  window: Pick<ReloadWindow, 'advertised' | 'segments'> & {
    readonly mediaSequence: number;
    readonly discontinuitySequence: number;
  },
  stream: StreamDescription,
  serverTime: number,
): TimestampsDocument {
  const a = window.advertised;
  return {
    schema: TIMESTAMPS_SCHEMA,
    serverTime,
    stream: {
      ...stream,
      partTarget: a?.partTarget ?? null,
      targetDuration: a?.targetDuration ?? 0,
    },
    mediaSequence: window.mediaSequence,
    discontinuitySequence: window.discontinuitySequence,
    segments: window.segments.map(timestampsSegment),
  };
}

/** One segment of `/timestamps.json`, with all its parts. Pure. */
export function timestampsSegment(segment: Segment): TimestampsSegment {
  return {
    msn: segment.msn,
    uri: segment.uri,
    duration: segment.duration,
    discontinuity: segment.discontinuity,
    firstPts: segment.firstPts,
    capture: segment.capture,
    programDateTime: segment.capture,
    publish: segment.complete ? segment.publish : (segment.parts.at(-1)?.publish ?? 0),
    complete: segment.complete,
    parts: segment.parts.map((part) => ({
      msn: part.msn,
      part: part.index,
      uri: part.uri,
      duration: part.duration,
      independent: part.independent,
      firstPts: part.firstPts,
      capture: part.capture,
      frameCaptures: part.frameCaptures,
      publish: part.publish,
    })),
  };
}
