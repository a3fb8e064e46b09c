import type { Finding } from '../../run/types.js';
import type { Observations, PlaylistObservation } from '../observations.js';
import { type Check, runCheck, Tally, toFinding } from './finding.js';

/**
 * Tolerance between PROGRAM-DATE-TIME and the EXTINF sum: 20 ms for millisecond rounding of
 * durations and dates over a few segments, plus one frame at 30 fps (a segment's EXTINF may be
 * off by a frame's duration depending on how the packager counts the last frame).
 */
export const PDT_TOLERANCE_MS = 20 + 1000 / 30;
/** Segments remembered: far more than a live window, and bounded on long runs. */
const MAX_KNOWN = 4096;

/**
 * PROGRAM-DATE-TIME consistent with EXTINF: within a playlist, a segment's explicit PDT equals the
 * previous one's plus its EXTINF (no discontinuity between), and across reloads the same segment
 * keeps its PDT (4.4.4.6: the tag "associates the first sample of a Media Segment with an
 * absolute date and/or time"; a date that jumps moves media in time).
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.4.6
 */
export class PdtConsistencyCheck implements Check {
  readonly #tally = new Tally();
  readonly #pairsSeen = new Set<number>();
  readonly #pdtByMsn = new Map<number, number>();

  playlist(o: PlaylistObservation): void {
    const tally = this.#tally;
    const segments = o.playlist?.segments ?? [];
    for (let i = 0; i < segments.length; i += 1) {
      const segment = segments[i];
      if (segment === undefined || !segment.pdtExplicit || segment.pdt === null) continue;
      const known = this.#pdtByMsn.get(segment.msn);
      if (known !== undefined && known !== segment.pdt) {
        tally.check(
          Math.abs(known - segment.pdt) <= PDT_TOLERANCE_MS,
          () => `msn ${segment.msn}: PDT moved by ${(segment.pdt! - known).toFixed(0)} ms between reloads`,
        );
      }
      this.#pdtByMsn.set(segment.msn, segment.pdt);
      const prev = segments[i - 1];
      if (prev === undefined || !prev.pdtExplicit || prev.pdt === null || segment.discontinuity) continue;
      if (this.#pairsSeen.has(segment.msn)) continue;
      this.#pairsSeen.add(segment.msn);
      const expected = prev.pdt + prev.duration * 1000;
      tally.check(
        Math.abs(segment.pdt - expected) <= PDT_TOLERANCE_MS,
        () =>
          `msn ${segment.msn}: PDT is ${(segment.pdt! - expected).toFixed(0)} ms from msn ${prev.msn}'s PDT + EXTINF ${prev.duration} s`,
      );
    }
    if (this.#pdtByMsn.size > MAX_KNOWN) this.#pdtByMsn.clear();
    if (this.#pairsSeen.size > MAX_KNOWN) this.#pairsSeen.clear();
  }

  finding(): Finding {
    return toFinding('pdt-consistency', 'PROGRAM-DATE-TIME consistent with EXTINF', '4.4.4.6', this.#tally, {
      skipReason: 'no two consecutive segments with EXT-X-PROGRAM-DATE-TIME',
    });
  }
}

export function checkPdtConsistency(observations: Observations): Finding {
  return runCheck(new PdtConsistencyCheck(), observations);
}
