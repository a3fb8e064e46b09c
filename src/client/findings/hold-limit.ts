import { isNoAnswer } from '../../network-error.js';
import type { Finding } from '../../run/types.js';
import type { Observations, PlaylistObservation } from '../observations.js';
import { type Check, fmtPos, runCheck, Tally, toFinding } from './finding.js';

/** Slack over three target durations for scheduling and the round trip. */
export const HOLD_SLACK_MS = 250;

/**
 * Held requests answered within three target durations (6.2.5.2: "If the requested Partial
 * Segment or Media Segment is not available within three times the Target Duration, the Server
 * SHOULD return 503"). A held request that timed out without an answer also fails; one that never
 * reached a server (refused, reset, TLS) is a connection error, not a verdict on holding.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.2
 */
export class HoldLimitCheck implements Check {
  readonly #tally = new Tally();
  #targetDuration: number | null = null;

  playlist(o: PlaylistObservation): void {
    if (o.playlist?.targetDuration != null) this.#targetDuration ??= o.playlist.targetDuration;
    const targetDuration = this.#targetDuration;
    if (o.request.probe || o.request.msn === null || targetDuration === null || isNoAnswer(o.errorKind))
      return;
    if (o.errorKind === 'aborted') return; // the run ended while it was held
    const limit = 3 * targetDuration * 1000 + HOLD_SLACK_MS;
    const held = o.headers === null ? null : o.headers - o.start;
    this.#tally.check(held !== null && held <= limit, () =>
      held === null
        ? `${fmtPos(o.request.msn, o.request.part)}: no answer (${o.error ?? 'aborted'})`
        : `${fmtPos(o.request.msn, o.request.part)}: held ${held.toFixed(0)} ms > 3 x ${targetDuration} s`,
    );
  }

  finding(): Finding {
    return toFinding(
      'hold-limit',
      'Held requests answered within 3 target durations',
      '6.2.5.2',
      this.#tally,
      { skipReason: 'no blocking reload sent' },
    );
  }
}

export function checkHoldLimit(observations: Observations): Finding {
  return runCheck(new HoldLimitCheck(), observations);
}
