import type { MediaSample } from '../run/types.js';

/**
 * A run of parts of one segment that the player never fetched (neither the parts nor the whole
 * segment) although it went on to fetch later media: the picture must freeze when the playhead
 * reaches the hole. hls.js 1.7.4 in low-latency mode does this now and then at a segment's end
 * when one blocking-reload answer lists several new parts (video-dev/hls.js#5028): it never
 * requests the segment's last part, fetches nothing for ~3 s, then seeks past the hole.
 */
export interface PartHole {
  msn: number;
  /** first and last part index never fetched (inclusive). */
  fromPart: number;
  toPart: number;
  /** server-clock ms: when the last fetch before the hole ended (or started, if it never ended). */
  after: number;
}

/**
 * The holes in a player's part fetches, given how many parts each complete segment has (the
 * server's part and segment durations decide it; a stream whose segments vary in part count
 * cannot be judged this way). The first segment fetched is judged only from its first fetched
 * part on (a player starts mid-segment); the last one fetched is not judged (the run ended).
 *
 * @param media the player's media samples (parts and whole segments), any order
 * @param partsPerSegment parts in every complete segment
 */
export function partHoles(media: Iterable<MediaSample>, partsPerSegment: number): PartHole[] {
  const parts = new Map<number, Map<number, number>>();
  const wholeSegments = new Set<number>();
  for (const sample of media) {
    if (sample.kind === 'segment') {
      wholeSegments.add(sample.msn);
      continue;
    }
    if (sample.part === null) continue;
    const byPart = parts.get(sample.msn) ?? new Map<number, number>();
    const at = sample.timing.end ?? sample.timing.start;
    byPart.set(sample.part, Math.min(byPart.get(sample.part) ?? at, at));
    parts.set(sample.msn, byPart);
  }
  const fetched = [...new Set([...parts.keys(), ...wholeSegments])].sort((a, b) => a - b);
  const holes: PartHole[] = [];
  for (const [i, msn] of fetched.entries()) {
    const byPart = parts.get(msn);
    if (i === fetched.length - 1 || byPart === undefined || wholeSegments.has(msn)) continue;
    const first = Math.min(...byPart.keys());
    let holeStart: number | null = null;
    for (let part = first; part <= partsPerSegment; part++) {
      const missing = part < partsPerSegment && !byPart.has(part);
      if (missing && holeStart === null) holeStart = part;
      if (!missing && holeStart !== null) {
        holes.push({ msn, fromPart: holeStart, toPart: part - 1, after: byPart.get(holeStart - 1) ?? 0 });
        holeStart = null;
      }
    }
  }
  return holes;
}
