import { isNoAnswer } from '../../network-error.js';
import type { Finding } from '../../run/types.js';
import type { Observations, PlaylistObservation } from '../observations.js';
import { type Check, fmtPos, runCheck, Tally, toFinding } from './finding.js';

/** "Immediately": the 400 must not be held like a blocking reload. */
export const PROBE_ANSWER_LIMIT_MS = 500;

/**
 * 400 for requests too far ahead (6.2.5.2: "If the _HLS_msn is greater than the Media Sequence
 * Number of the last Media Segment in the current Playlist plus two, ... the Server SHOULD
 * immediately return Bad Request, such as HTTP 400"). The client sends one probe per run.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.2
 */
export class TooFarAheadCheck implements Check {
  readonly #tally = new Tally();
  /** Probes that met no server (refused, reset): no verdict. */
  #unreached = 0;

  playlist(o: PlaylistObservation): void {
    if (!o.request.probe) return;
    if (isNoAnswer(o.errorKind) || o.errorKind === 'aborted') {
      this.#unreached += 1;
      return;
    }
    const answeredIn = o.headers === null ? null : o.headers - o.start;
    this.#tally.check(o.status === 400 && answeredIn !== null && answeredIn <= PROBE_ANSWER_LIMIT_MS, () =>
      answeredIn === null
        ? `${fmtPos(o.request.msn, null)}: no answer (${o.error ?? 'aborted'})`
        : `${fmtPos(o.request.msn, null)}: status ${o.status} after ${answeredIn.toFixed(0)} ms`,
    );
  }

  finding(): Finding {
    return toFinding('too-far-ahead', '400 for requests too far ahead', '6.2.5.2', this.#tally, {
      skipReason:
        this.#unreached > 0
          ? 'the probe could not reach the server'
          : 'not probed: the server does not advertise CAN-BLOCK-RELOAD=YES',
    });
  }
}

export function checkTooFarAhead(observations: Observations): Finding {
  return runCheck(new TooFarAheadCheck(), observations);
}
