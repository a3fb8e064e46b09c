import { parseM3u8 } from '../unit/streamer/packager/parse-m3u8.js';

/**
 * The hard rules of RFC 8216bis a live LL-HLS playlist must keep whatever its input did, checked
 * on the playlist text as a client receives it. Returns the breaches (empty when it keeps them).
 * - 4.4.3.1: "The EXTINF duration of each Media Segment in a Playlist file, when rounded to the
 *   nearest integer, MUST be less than or equal to the Target Duration";
 * - 4.4.4.9: a Partial Segment's duration "MUST be less than or equal to the Part Target
 *   Duration", and "at least 85% of the Part Target Duration, with the exception of Partial
 *   Segments with the INDEPENDENT=YES attribute and the final Partial Segment of any Parent
 *   Segment";
 * - 4.4.4.6 / 4.4.4.9: every segment carries EXT-X-PROGRAM-DATE-TIME (ours always do), and a
 *   discontinuity's segment has its own.
 */
export function playlistBreaches(text: string): string[] {
  const manifest = parseM3u8(text);
  const breaches: string[] = [];
  const target = manifest.targetDuration ?? 0;
  const partTarget = manifest.partInf?.partTarget;
  const segments = [...manifest.segments];
  for (const segment of segments) {
    if (Math.round(segment.duration) > target)
      breaches.push(`${segment.uri}: EXTINF ${segment.duration} rounds above TARGETDURATION ${target}`);
    if (segment.dateTimeString === undefined) breaches.push(`${segment.uri}: no PROGRAM-DATE-TIME`);
    const parts = segment.parts ?? [];
    parts.forEach((part, i) => {
      if (partTarget === undefined) return;
      if (part.duration > partTarget + 1e-9)
        breaches.push(`${part.uri}: ${part.duration} s over PART-TARGET ${partTarget}`);
      const last = i === parts.length - 1;
      if (!last && part.independent !== true && part.duration < 0.85 * partTarget - 1e-9)
        breaches.push(`${part.uri}: ${part.duration} s under 85% of PART-TARGET ${partTarget}`);
    });
    // The parts hold the segment's samples (3.2); their durations sum to its EXTINF, or less where a
    // gap between frames was longer than a part may list (the segment keeps it).
    if (parts.length > 0) {
      const sum = parts.reduce((total, p) => total + p.duration, 0);
      if (sum > segment.duration + 1e-4)
        breaches.push(`${segment.uri}: parts sum to ${sum.toFixed(5)} s, over EXTINF ${segment.duration}`);
    }
  }
  for (const part of manifest.preloadSegment?.parts ?? []) {
    if (partTarget !== undefined && part.duration > partTarget + 1e-9)
      breaches.push(`${part.uri}: ${part.duration} s over PART-TARGET ${partTarget}`);
  }
  return breaches;
}
