import type { Finding } from '../../run/types.js';
import type { Observations, PlaylistObservation } from '../observations.js';
import { RELOAD_FLOOR_MS } from '../reload-pacing.js';
import { type Check, MAX_EXAMPLES, runCheck, Tally, toFinding } from './finding.js';

/**
 * Reloads paced by the playlist within sane bounds: the wait the protocol derives from the
 * playlist's own numbers (6.3.4: the last segment's duration, half the target duration, a part
 * target) never fell below the client's floor of RELOAD_FLOOR_MS between two requests. A playlist
 * that says `TARGETDURATION:0`, `PART-TARGET=0` or `EXTINF:0`, or delta updates that cannot be
 * merged one after another, would have any client reload in a tight loop; llhls held back, and
 * this finding fails with what forced it and how often.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.3.4
 */
export class ReloadPacingCheck implements Check {
  readonly #tally = new Tally();
  /** What forced the floor → how often, first seen first. */
  readonly #causes = new Map<string, number>();

  playlist(o: PlaylistObservation): void {
    const pacing = o.pacing;
    if (o.request.probe || pacing === null) return;
    const cause = pacing.floorCause;
    this.#tally.check(cause === null, () => '');
    if (cause !== null && (this.#causes.has(cause) || this.#causes.size < MAX_EXAMPLES))
      this.#causes.set(cause, (this.#causes.get(cause) ?? 0) + 1);
  }

  finding(): Finding {
    const finding = toFinding(
      'reload-pacing',
      `Reload pace set by the playlist >= ${RELOAD_FLOOR_MS} ms`,
      '6.3.4',
      this.#tally,
      { skipReason: 'no playlist reloaded' },
    );
    if (this.#causes.size > 0) {
      finding.examples = [...this.#causes].map(
        ([cause, count]) =>
          `${cause}: the playlist asked for reloads sooner than ${RELOAD_FLOOR_MS} ms apart; held to ${RELOAD_FLOOR_MS} ms (${count} of ${this.#tally.checked} reloads)`,
      );
    }
    return finding;
  }
}

export function checkReloadPacing(observations: Observations): Finding {
  return runCheck(new ReloadPacingCheck(), observations);
}
