import { isNoAnswer } from '../../network-error.js';
import type { Finding } from '../../run/types.js';
import type { MediaObservation, Observations } from '../observations.js';
import { type Check, fmtPos, runCheck, Tally, toFinding } from './finding.js';

/**
 * Every advertised URI fetchable: each part, hint and segment the client requested was answered
 * 2xx (6.2.1: a segment "MUST be available to clients" while it is in the playlist). A request
 * that met no server (refused, reset) says nothing about the URI: a connection error, not
 * counted here.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.1
 */
export class UriFetchableCheck implements Check {
  readonly #tally = new Tally();

  media(m: MediaObservation): void {
    if (isNoAnswer(m.errorKind) || m.errorKind === 'aborted') return;
    this.#tally.check(
      m.error === null && m.status >= 200 && m.status < 300,
      () =>
        `${m.uri} (${fmtPos(m.msn, m.part)}${m.hinted ? ', hinted' : ''}): ${m.error ?? `status ${m.status}`}`,
    );
  }

  finding(): Finding {
    return toFinding('uri-fetchable', 'Every advertised URI fetchable', '6.2.1', this.#tally, {
      skipReason: 'no media requested',
    });
  }
}

export function checkUriFetchable(observations: Observations): Finding {
  return runCheck(new UriFetchableCheck(), observations);
}
