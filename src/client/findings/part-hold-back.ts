import { type Finding, FindingStatus } from '../../run/types.js';
import type { Observations, PlaylistObservation } from '../observations.js';
import { type Check, runCheck, Tally, toFinding } from './finding.js';

/** Distinct (PART-HOLD-BACK, PART-TARGET) pairs judged: a server changing them on every reload
 *  fails on the first few already. */
const MAX_PAIRS = 256;

/**
 * PART-HOLD-BACK at least twice PART-TARGET (4.4.3.8: "PART-HOLD-BACK ... MUST be at least twice
 * the Part Target Duration. Its value SHOULD be at least three times the Part Target Duration.").
 * Below 2x fails; between 2x and 3x warns. Missing with parts listed fails (it is REQUIRED when
 * the playlist contains EXT-X-PART-INF).
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.3.8
 */
export class PartHoldBackCheck implements Check {
  readonly #must = new Tally();
  readonly #should = new Tally();
  readonly #seen = new Set<string>();

  playlist(o: PlaylistObservation): void {
    const playlist = o.playlist;
    if (playlist === null || playlist.partTarget === null) return;
    const phb = playlist.serverControl?.partHoldBack ?? null;
    const target = playlist.partTarget;
    const key = `${phb}/${target}`;
    if (this.#seen.has(key) || this.#seen.size >= MAX_PAIRS) return; // one verdict per distinct pair
    this.#seen.add(key);
    this.#must.check(phb !== null && phb >= 2 * target - 1e-9, () =>
      phb === null
        ? `PART-HOLD-BACK missing with PART-TARGET ${target} s`
        : `PART-HOLD-BACK ${phb} s < 2 x PART-TARGET ${target} s`,
    );
    if (phb !== null && phb >= 2 * target - 1e-9) {
      this.#should.check(
        phb >= 3 * target - 1e-9,
        () => `PART-HOLD-BACK ${phb} s < 3 x PART-TARGET ${target} s`,
      );
    }
  }

  finding(): Finding {
    if (this.#must.failed === 0 && this.#should.failed > 0) {
      return toFinding('part-hold-back', 'PART-HOLD-BACK >= 2 x PART-TARGET', '4.4.3.8', this.#should, {
        failAs: FindingStatus.Warn,
      });
    }
    return toFinding('part-hold-back', 'PART-HOLD-BACK >= 2 x PART-TARGET', '4.4.3.8', this.#must, {
      skipReason: 'no EXT-X-PART-INF seen',
    });
  }
}

export function checkPartHoldBack(observations: Observations): Finding {
  return runCheck(new PartHoldBackCheck(), observations);
}
