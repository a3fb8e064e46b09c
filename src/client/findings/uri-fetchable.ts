import type { Finding } from '../../run/types.js';
import type { Observations } from '../observations.js';
import { fmtPos, Tally, toFinding } from './finding.js';

/**
 * Every advertised URI fetchable: each part, hint and segment the client requested was answered
 * 2xx (6.2.1: a segment "MUST be available to clients" while it is in the playlist).
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.1
 */
export function checkUriFetchable(observations: Observations): Finding {
  const tally = new Tally();
  for (const m of observations.media) {
    tally.check(
      m.error === null && m.status >= 200 && m.status < 300,
      () =>
        `${m.uri} (${fmtPos(m.msn, m.part)}${m.hinted ? ', hinted' : ''}): ${m.error ?? `status ${m.status}`}`,
    );
  }
  return toFinding('uri-fetchable', 'Every advertised URI fetchable', '6.2.1', tally, {
    skipReason: 'no media requested',
  });
}
