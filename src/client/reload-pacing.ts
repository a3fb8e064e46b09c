/**
 * When may a viewer send its next playlist request: one pure decision, time as a parameter.
 *
 * The protocol sets the pace (RFC 8216bis 6.3.4 for polling, 6.2.5.2 for blocking reloads), but
 * only through numbers the server writes: a playlist that says `TARGETDURATION:0`, `PART-TARGET=0`
 * or `EXTINF:0` would have a client reload in a tight loop, as would a server that answers without
 * ever advancing. So the protocol's wait is bounded below by a floor between two requests of one
 * viewer, and answers that fail or do not advance back off exponentially. When the playlist's
 * numbers ask for a reload sooner than the floor, the decision says which: that becomes the
 * `reload-pacing` finding.
 */

/** No two playlist requests of one viewer start closer together than this, whatever the
 *  playlist says: 20 a second, the pace of a client of 50 ms parts. */
export const RELOAD_FLOOR_MS = 50;
/** Unchanged answers in a row that polling meets normally (it asks every half target duration,
 *  so a segment can be "not there yet" once or twice); backoff starts after them. */
export const NORMAL_UNCHANGED_ANSWERS = 2;
/** First wait after a failed request; doubles with each failure in a row. */
export const FIRST_ERROR_BACKOFF_MS = 100;
/** Backoff never waits longer than this, or the target duration when that is longer. */
export const MAX_BACKOFF_MS = 2000;

/** What a playlist request brought back, as far as pacing is concerned. */
export const ReloadAnswer = {
  /** Network error, error status, or not a playlist. */
  Failed: 'failed',
  /** A new segment or part (or the first playlist). */
  Advanced: 'advanced',
  /** The same segments and parts as before. */
  Unchanged: 'unchanged',
  /** A delta update that cannot be merged into the view: a full reload is needed. */
  Unusable: 'unusable',
} as const;
export type ReloadAnswer = (typeof ReloadAnswer)[keyof typeof ReloadAnswer];

/** Why a reload waited longer than the protocol's wait: a backoff after answers in a row. */
export const Backoff = {
  /** Answers in a row that did not advance. */
  NotAdvancing: 'not-advancing',
  /** Failed requests in a row. */
  Errors: 'errors',
} as const;
export type Backoff = (typeof Backoff)[keyof typeof Backoff];

/** The numbers of the playlist view after the answer (raw: garbage is possible). */
export interface PacingPlaylist {
  /** Parts are listed (LL-HLS) rather than whole segments only. */
  parts: boolean;
  canBlockReload: boolean;
  endList: boolean;
  /** Seconds, as written (null: absent). */
  partTarget: number | null;
  targetDuration: number | null;
  lastSegmentDuration: number | null;
}

export interface ReloadInput {
  answer: ReloadAnswer;
  /** Client epoch ms the request was sent. */
  sentAt: number;
  /** Client epoch ms the answer (or failure) arrived. */
  at: number;
  /** The request asked for a segment or part (`_HLS_msn`): a blocking reload. */
  blocking: boolean;
  /** A blocking reload's answer holds what it asked for (the server held it until then). */
  hasRequested: boolean;
  /** The view after the answer; null while there is none. */
  playlist: PacingPlaylist | null;
  /** Answers in a row of this answer's kind, this one included: failures for Failed, answers that
   *  did not advance for Unchanged and Unusable; 0 for Advanced. */
  streak: number;
}

export interface ReloadDecision {
  /** Client epoch ms the next playlist request may be sent; Infinity: never (EXT-X-ENDLIST). */
  nextAt: number;
  /** The wait after the answer the protocol alone implies, ms. */
  protocolMs: number;
  /** What in the playlist asked for a reload sooner than RELOAD_FLOOR_MS (`TARGETDURATION 0`),
   *  in words; null when nothing did. The reload was held to the floor. */
  floorCause: string | null;
  /** The backoff that set `nextAt` beyond the protocol's wait and the floor, or null. */
  backoff: Backoff | null;
}

/** Seconds as written → ms when usable (finite, > 0), else null. */
function ms(seconds: number | null): number | null {
  return seconds !== null && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
}

interface ProtocolWait {
  ms: number;
  /** The wait comes from a playlist value (which `cause` names); false: the server paced it by
   *  holding the request, or there is nothing to wait for (a retry). */
  fromValue: boolean;
  cause: string;
}

/**
 * The wait the protocol implies after an answer: none after a blocking reload the server held
 * until it had the part (the server paces), a part target while polling LL-HLS, and for
 * segments the last segment's duration after a change or half the target duration after none
 * (6.3.4). A blocking reload answered without what it asked for waits a part (or half a target
 * duration): the server does not hold, so the client polls at the part rate.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.3.4
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.2
 */
function protocolWait(input: ReloadInput, playlist: PacingPlaylist): ProtocolWait {
  const none = { ms: 0, fromValue: false, cause: '' };
  if (input.answer === ReloadAnswer.Failed || input.answer === ReloadAnswer.Unusable) return none;
  const partTarget = ms(playlist.partTarget);
  const target = ms(playlist.targetDuration);
  const partTargetText = `PART-TARGET ${playlist.partTarget ?? 'absent'}`;
  const targetText = `TARGETDURATION ${playlist.targetDuration ?? 'absent'}`;
  if (input.blocking) {
    if (input.hasRequested) return none;
    return playlist.parts
      ? { ms: partTarget ?? 0, fromValue: true, cause: partTargetText }
      : { ms: (target ?? 0) / 2, fromValue: true, cause: targetText };
  }
  if (playlist.canBlockReload) return none; // a plain load (the first): the next request blocks
  if (playlist.parts) return { ms: partTarget ?? 0, fromValue: true, cause: partTargetText };
  if (input.answer === ReloadAnswer.Advanced) {
    const last = ms(playlist.lastSegmentDuration);
    return { ms: last ?? 0, fromValue: true, cause: `EXTINF ${playlist.lastSegmentDuration ?? 'absent'}` };
  }
  return { ms: (target ?? 0) / 2, fromValue: true, cause: targetText };
}

/**
 * Decides when the next playlist request may go. The protocol's wait (above), then:
 * - a floor: never sooner than RELOAD_FLOOR_MS after the previous request was sent (except the
 *   first blocking reload after the plain first load, and one full reload after a delta that
 *   cannot be merged: neither can repeat). It binds silently when a server held a blocking
 *   reload briefly (a short last part); `floorCause` says so when a playlist value asks for a
 *   shorter wait (whether or not a slow answer hid it this time), and when delta updates that
 *   cannot be merged repeat (their immediate full reload would loop);
 * - failures back off from FIRST_ERROR_BACKOFF_MS, doubling, up to the cap;
 * - answers that do not advance, beyond the NORMAL_UNCHANGED_ANSWERS polling meets, back off
 *   from the protocol's wait (at least the floor), doubling, up to the cap;
 * the cap being MAX_BACKOFF_MS or the target duration, whichever is longer.
 */
export function decideReload(input: ReloadInput): ReloadDecision {
  const playlist = input.playlist;
  if (playlist?.endList === true) {
    return {
      nextAt: Number.POSITIVE_INFINITY,
      protocolMs: Number.POSITIVE_INFINITY,
      floorCause: null,
      backoff: null,
    };
  }
  const wait = playlist === null ? { ms: 0, fromValue: false, cause: '' } : protocolWait(input, playlist);
  let nextAt = input.at + wait.ms;
  let floorCause: string | null = null;
  // Two requests that cannot loop go at once: the first blocking reload after the plain first
  // load, and the full reload after one delta that cannot be merged.
  const once =
    (input.answer === ReloadAnswer.Advanced && !input.blocking && playlist?.canBlockReload === true) ||
    (input.answer === ReloadAnswer.Unusable && input.streak <= 1);
  const floorAt = once ? Number.NEGATIVE_INFINITY : input.sentAt + RELOAD_FLOOR_MS;
  nextAt = Math.max(nextAt, floorAt);
  // A finding whether or not the floor bound this time (a slow answer may hide it): the
  // playlist asked for a pace no client should keep.
  if (wait.fromValue && wait.ms < RELOAD_FLOOR_MS) floorCause = wait.cause;
  else if (input.answer === ReloadAnswer.Unusable && input.streak > 1)
    floorCause = 'delta updates (EXT-X-SKIP) that cannot be merged, one after another';
  const cap = Math.max(MAX_BACKOFF_MS, ms(playlist?.targetDuration ?? null) ?? 0);
  let backoffMs = 0;
  let reason: Backoff | null = null;
  if (input.answer === ReloadAnswer.Failed && input.streak > 0) {
    backoffMs = Math.min(cap, FIRST_ERROR_BACKOFF_MS * 2 ** (input.streak - 1));
    reason = Backoff.Errors;
  } else if (
    (input.answer === ReloadAnswer.Unchanged || input.answer === ReloadAnswer.Unusable) &&
    input.streak > NORMAL_UNCHANGED_ANSWERS
  ) {
    const base = Math.max(RELOAD_FLOOR_MS, wait.ms);
    backoffMs = Math.min(cap, base * 2 ** (input.streak - NORMAL_UNCHANGED_ANSWERS));
    reason = Backoff.NotAdvancing;
  }
  let backoff: Backoff | null = null;
  if (input.at + backoffMs > nextAt) {
    nextAt = input.at + backoffMs;
    backoff = reason;
  }
  return { nextAt, protocolMs: wait.ms, floorCause, backoff };
}
