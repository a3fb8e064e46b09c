import type { Finding } from '../../run/types.js';
import type { Observations } from '../observations.js';
import { Tally, toFinding } from './finding.js';

/**
 * Tolerance between PROGRAM-DATE-TIME and the EXTINF sum: 20 ms for millisecond rounding of
 * durations and dates over a few segments, plus one frame at 30 fps (a segment's EXTINF may be
 * off by a frame's duration depending on how the packager counts the last frame).
 */
export const PDT_TOLERANCE_MS = 20 + 1000 / 30;

/**
 * PROGRAM-DATE-TIME consistent with EXTINF: within a playlist, a segment's explicit PDT equals the
 * previous one's plus its EXTINF (no discontinuity between), and across reloads the same segment
 * keeps its PDT (4.4.4.6: the tag "associates the first sample of a Media Segment with an
 * absolute date and/or time"; a date that jumps moves media in time).
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.4.6
 */
export function checkPdtConsistency(observations: Observations): Finding {
  const tally = new Tally();
  const pairsSeen = new Set<number>();
  const pdtByMsn = new Map<number, number>();
  for (const o of observations.playlists) {
    const segments = o.playlist?.segments ?? [];
    for (let i = 0; i < segments.length; i += 1) {
      const segment = segments[i];
      if (segment === undefined || !segment.pdtExplicit || segment.pdt === null) continue;
      const known = pdtByMsn.get(segment.msn);
      if (known !== undefined && known !== segment.pdt) {
        tally.check(
          Math.abs(known - segment.pdt) <= PDT_TOLERANCE_MS,
          () => `msn ${segment.msn}: PDT moved by ${(segment.pdt! - known).toFixed(0)} ms between reloads`,
        );
      }
      pdtByMsn.set(segment.msn, segment.pdt);
      const prev = segments[i - 1];
      if (prev === undefined || !prev.pdtExplicit || prev.pdt === null || segment.discontinuity) continue;
      if (pairsSeen.has(segment.msn)) continue;
      pairsSeen.add(segment.msn);
      const expected = prev.pdt + prev.duration * 1000;
      tally.check(
        Math.abs(segment.pdt - expected) <= PDT_TOLERANCE_MS,
        () =>
          `msn ${segment.msn}: PDT is ${(segment.pdt! - expected).toFixed(0)} ms from msn ${prev.msn}'s PDT + EXTINF ${prev.duration} s`,
      );
    }
    if (pdtByMsn.size > 4096) pdtByMsn.clear(); // bounded memory on long runs
  }
  return toFinding('pdt-consistency', 'PROGRAM-DATE-TIME consistent with EXTINF', '4.4.4.6', tally, {
    skipReason: 'no two consecutive segments with EXT-X-PROGRAM-DATE-TIME',
  });
}
