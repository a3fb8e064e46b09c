import type { Finding } from '../../run/types.js';
import type { Observations } from '../observations.js';
import { Tally, toFinding } from './finding.js';
import { eachDistinctPart } from './parts.js';

/** EXTINF-style rounding slack: durations are written with a few decimals. */
export const DURATION_EPSILON_S = 0.001;

/**
 * Part durations within PART-TARGET (4.4.4.9: "The duration of a Partial Segment MUST be less
 * than or equal to the Part Target Duration").
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.4.9
 */
export function checkPartDuration(observations: Observations): Finding {
  const tally = new Tally();
  for (const { part, partTarget } of eachDistinctPart(observations)) {
    tally.check(
      part.duration <= partTarget + DURATION_EPSILON_S,
      () =>
        `${part.uri} (msn ${part.msn} part ${part.index}) lasts ${part.duration} s > PART-TARGET ${partTarget} s`,
    );
  }
  return toFinding('part-duration', 'Part durations <= PART-TARGET', '4.4.4.9', tally, {
    skipReason: 'no parts listed',
  });
}
