import type { Finding } from '../../run/types.js';
import type { Observations, PlaylistObservation } from '../observations.js';
import { type Check, runCheck, Tally, toFinding } from './finding.js';
import { DistinctParts, type SeenPart } from './parts.js';

/** EXTINF-style rounding slack: durations are written with a few decimals. */
export const DURATION_EPSILON_S = 0.001;

/** A check over every distinct part listed (./parts.ts), each judged once. */
export abstract class PartsCheck implements Check {
  protected readonly tally = new Tally();
  readonly #parts = new DistinctParts((seen) => this.judge(seen));

  playlist(o: PlaylistObservation): void {
    if (o.playlist !== null && !o.request.probe) this.#parts.playlist(o.playlist);
  }

  protected abstract judge(seen: SeenPart): void;
  protected abstract result(): Finding;

  finding(): Finding {
    this.#parts.finish();
    return this.result();
  }
}

/**
 * Part durations within PART-TARGET (4.4.4.9: "The duration of a Partial Segment MUST be less
 * than or equal to the Part Target Duration").
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.4.9
 */
export class PartDurationCheck extends PartsCheck {
  protected judge({ part, partTarget }: SeenPart): void {
    this.tally.check(
      part.duration <= partTarget + DURATION_EPSILON_S,
      () =>
        `${part.uri} (msn ${part.msn} part ${part.index}) lasts ${part.duration} s > PART-TARGET ${partTarget} s`,
    );
  }

  protected result(): Finding {
    return toFinding('part-duration', 'Part durations <= PART-TARGET', '4.4.4.9', this.tally, {
      skipReason: 'no parts listed',
    });
  }
}

export function checkPartDuration(observations: Observations): Finding {
  return runCheck(new PartDurationCheck(), observations);
}
