import { type Finding, FindingStatus } from '../../run/types.js';
import type { MediaObservation, Observations } from '../observations.js';
import { type Check, fmtPos, runCheck, Tally, toFinding } from './finding.js';

/**
 * Hinted parts delivered whole: how the bytes of a hinted part arrived. Both are allowed: a
 * server may hold the response until the part is complete or stream it while it is produced;
 * streamed (chunked) delivery is reported as a warning so a reader knows first-byte figures then
 * measure the stream, not the part.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.5.3
 */
export class HintTransferCheck implements Check {
  readonly #tally = new Tally();

  media(m: MediaObservation): void {
    if (!m.hinted || m.error !== null || m.status < 200 || m.status >= 300 || m.transfer === 'unknown')
      return;
    this.#tally.check(m.transfer === 'whole', () => `${m.uri} (${fmtPos(m.msn, m.part)}) arrived chunked`);
  }

  finding(): Finding {
    return toFinding('hint-transfer', 'Hinted parts delivered whole', '4.4.5.3', this.#tally, {
      failAs: FindingStatus.Warn,
      skipReason: 'no hinted part received',
    });
  }
}

export function checkHintTransfer(observations: Observations): Finding {
  return runCheck(new HintTransferCheck(), observations);
}
