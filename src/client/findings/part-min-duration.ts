import type { Finding } from '../../run/types.js';
import type { Observations } from '../observations.js';
import { runCheck, toFinding } from './finding.js';
import { DURATION_EPSILON_S, PartsCheck } from './part-duration.js';
import type { SeenPart } from './parts.js';

/** The share of PART-TARGET a part must reach where the rule applies. */
export const MIN_PART_SHARE = 0.85;

/**
 * Parts at least 85% of PART-TARGET where required (4.4.4.9: "The duration of each Partial
 * Segment MUST be at least 85% of the Part Target Duration, with the exception of Partial
 * Segments with the INDEPENDENT=YES attribute and the final Partial Segment of any Parent
 * Segment"). Only parts of complete segments are checked: until a segment ends, which of its
 * parts is the final one is unknown.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.4.9
 */
export class PartMinDurationCheck extends PartsCheck {
  protected judge({ part, partTarget, lastOfSegment, segmentComplete }: SeenPart): void {
    if (!segmentComplete || lastOfSegment || part.independent) return;
    const min = MIN_PART_SHARE * partTarget;
    this.tally.check(
      part.duration + DURATION_EPSILON_S >= min,
      () =>
        `${part.uri} (msn ${part.msn} part ${part.index}) lasts ${part.duration} s < 85% of ${partTarget} s`,
    );
  }

  protected result(): Finding {
    return toFinding(
      'part-min-duration',
      'Parts >= 85% of PART-TARGET where required',
      '4.4.4.9',
      this.tally,
      { skipReason: 'no non-final, non-independent parts of complete segments listed' },
    );
  }
}

export function checkPartMinDuration(observations: Observations): Finding {
  return runCheck(new PartMinDurationCheck(), observations);
}
