import type { Finding } from '../../run/types.js';
import type { Observations } from '../observations.js';
import { fmtPos, Tally, toFinding } from './finding.js';

/** Slack over three target durations for scheduling and the round trip. */
export const HOLD_SLACK_MS = 250;

/**
 * Held requests answered within three target durations (6.2.5.2: "If the requested Partial
 * Segment or Media Segment is not available within three times the Target Duration, the Server
 * SHOULD return 503"). A held request with no answer at all also fails.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.2
 */
export function checkHoldLimit(observations: Observations): Finding {
  const tally = new Tally();
  let targetDuration: number | null = null;
  for (const o of observations.playlists) {
    if (o.playlist?.targetDuration != null) targetDuration ??= o.playlist.targetDuration;
    if (o.request.probe || o.request.msn === null || targetDuration === null) continue;
    const limit = 3 * targetDuration * 1000 + HOLD_SLACK_MS;
    const held = o.headers === null ? null : o.headers - o.start;
    tally.check(held !== null && held <= limit, () =>
      held === null
        ? `${fmtPos(o.request.msn, o.request.part)}: no answer (${o.error ?? 'aborted'})`
        : `${fmtPos(o.request.msn, o.request.part)}: held ${held.toFixed(0)} ms > 3 x ${targetDuration} s`,
    );
  }
  return toFinding('hold-limit', 'Held requests answered within 3 target durations', '6.2.5.2', tally, {
    skipReason: 'no blocking reload sent',
  });
}
