import type { Segment } from './media-types.js';

/** Bit rates of a media playlist's segments, bits per second. */
export interface SegmentBitRates {
  /** The peak segment bit rate (BANDWIDTH). */
  peak: number;
  /** The average segment bit rate (AVERAGE-BANDWIDTH). */
  average: number;
}

/** A segment's size in bytes: its parts' bytes (the segment is their concatenation). */
export function segmentSize(segment: Segment): number {
  let bytes = 0;
  for (const part of segment.parts) bytes += part.bytes.length;
  return bytes;
}

/**
 * The peak and average segment bit rates of the complete segments listed: "the largest bit rate
 * of any contiguous set of Media Segments whose cumulative duration is less than or equal to the
 * target duration" (every single segment counts, also one whose EXTINF rounds up to the target),
 * and total bits over total duration. Pure. Null while no segment is complete.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.6.2
 */
export function segmentBitRates(
  segments: readonly Segment[],
  targetDuration: number,
): SegmentBitRates | null {
  const complete = segments.filter((s) => s.complete && s.duration > 0);
  if (complete.length === 0) return null;
  const sizes = complete.map(segmentSize);
  let peak = 0;
  let totalBytes = 0;
  let totalSeconds = 0;
  for (let i = 0; i < complete.length; i++) {
    totalBytes += sizes[i]!;
    totalSeconds += complete[i]!.duration;
    let bytes = 0;
    let seconds = 0;
    for (let j = i; j < complete.length; j++) {
      if (j > i && seconds + complete[j]!.duration > targetDuration + 1e-9) break;
      bytes += sizes[j]!;
      seconds += complete[j]!.duration;
      peak = Math.max(peak, (8 * bytes) / seconds);
    }
  }
  return { peak: Math.ceil(peak), average: Math.ceil((8 * totalBytes) / totalSeconds) };
}
