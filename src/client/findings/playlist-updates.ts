import { lastListedPart, lastSegmentMsn, type MediaPlaylist } from '../../hls/media-playlist.js';
import type { Finding } from '../../run/types.js';
import type { Observations, PlaylistObservation } from '../observations.js';
import { type Check, fmtPos, MAX_EXAMPLES, runCheck, Tally, toFinding } from './finding.js';

/**
 * Slack over the rule's limits. The instants are when this client read the answers, and a loaded
 * machine (the client's, or a streamer's encoder sharing it) delays reading by hundreds of ms
 * now and then: the finding is for a playlist that stalls, not for a late read.
 */
export const STALE_SLACK_MS = 1000;

/** A blocking reload held at least this long was answered when the server had something new. */
const HELD_MS = 10;

/** A stretch of answers that showed nothing new for longer than the rule allows. */
interface Episode {
  what: 'segment' | 'part';
  /** Client epoch ms the newest segment or part was first seen. */
  since: number;
  /** The last answer still without anything new. */
  until: number;
  last: string;
  limitText: string;
}

/**
 * A live playlist updated in time (6.2.1: a new version with a new Media Segment "MUST be made
 * available no later than 1.5 times the Target Duration after the previous time the Playlist was
 * updated with a Media Segment"; with parts, "the Server MUST add a new Partial Segment to the
 * Playlist within one Part Target Duration after it added the previous Partial Segment").
 *
 * Judged only on evidence: an answer (a playlist, or a blocking reload's 503) that shows nothing
 * newer than what was first seen longer ago than the rule allows (plus 1 s), or a held blocking
 * reload answered that late (the server answers it when it publishes). The newest segment was
 * published no later than the client first saw it, so a late client never makes a punctual
 * server fail; a server that is gone gives no answers and is judged by nothing here.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.1
 */
export class PlaylistUpdatesCheck implements Check {
  readonly #tally = new Tally();
  #segment: { msn: number; at: number } | null = null;
  #part: { msn: number; index: number; at: number } | null = null;
  #open: { segment: Episode | null; part: Episode | null } = { segment: null, part: null };
  readonly #episodes: Episode[] = [];
  #episodeCount = 0;
  #targetMs: number | null = null;
  #targetText = '';
  #partTargetMs: number | null = null;

  playlist(o: PlaylistObservation): void {
    if (o.request.probe || o.headers === null) return;
    const at = o.headers;
    const playlist = o.status === 200 ? o.playlist : null;
    // A blocking reload answered 503: the server says the part did not come in three targets.
    const gaveUp = o.status === 503 && o.request.msn !== null;
    if ((playlist === null && !gaveUp) || playlist?.endList === true) return;
    if (playlist !== null) {
      this.#target(playlist);
      this.#partTargetMs = usable(playlist.partTarget) ?? this.#partTargetMs;
    }
    const msn = playlist === null ? null : lastSegmentMsn(playlist);
    const part = playlist === null ? null : lastListedPart(playlist);
    const segment = this.#segment;
    const known = this.#part;
    const newSegment = msn !== null && (segment === null || msn > segment.msn);
    const newPart =
      part !== null &&
      (known === null || part.msn > known.msn || (part.msn === known.msn && part.index > known.index));
    // A blocking reload the server held was answered when the new part was published: evidence of
    // when it came, like an answer without it.
    const held = playlist !== null && o.request.msn !== null && (o.holdMs ?? 0) >= HELD_MS;
    if (segment !== null || known !== null) this.#tally.checked += 1;
    if (segment !== null && this.#targetMs !== null && (!newSegment || held)) {
      const limit = 1.5 * this.#targetMs + STALE_SLACK_MS;
      this.#stale('segment', at, segment.at, limit, fmtPos(segment.msn, null), this.#targetText);
    }
    if (known !== null && this.#partTargetMs !== null && (!newPart || held)) {
      const text = `PART-TARGET ${this.#partTargetMs / 1000} s`;
      this.#stale(
        'part',
        at,
        known.at,
        this.#partTargetMs + STALE_SLACK_MS,
        fmtPos(known.msn, known.index),
        text,
      );
    }
    if (newSegment) {
      this.#segment = { msn, at };
      this.#open.segment = null;
    }
    if (newPart) {
      this.#part = { msn: part.msn, index: part.index, at };
      this.#open.part = null;
    }
  }

  /**
   * The target duration the rule runs on: TARGETDURATION, or when that is absent or smaller than
   * a segment (4.4.3.1: every EXTINF, rounded, is at most TARGETDURATION) the longest EXTINF.
   */
  #target(playlist: MediaPlaylist): void {
    let longest = 0;
    for (const s of playlist.segments)
      if (Number.isFinite(s.duration)) longest = Math.max(longest, s.duration);
    const written = usable(playlist.targetDuration);
    if (written !== null && written >= Math.round(longest) * 1000) {
      this.#targetMs = written;
      this.#targetText = `1.5 x TARGETDURATION ${written / 1000} s`;
    } else if (longest > 0) {
      this.#targetMs = longest * 1000;
      this.#targetText = `1.5 x the longest EXTINF ${longest} s (TARGETDURATION ${playlist.targetDuration ?? 'absent'})`;
    }
  }

  #stale(
    what: 'segment' | 'part',
    at: number,
    since: number,
    limitMs: number,
    last: string,
    limitText: string,
  ): void {
    if (at - since <= limitMs) return;
    const open = this.#open[what];
    if (open !== null) {
      open.until = at;
      return;
    }
    const episode: Episode = { what, since, until: at, last, limitText };
    this.#open[what] = episode;
    this.#tally.failed += 1;
    this.#episodeCount += 1;
    if (this.#episodes.length < MAX_EXAMPLES) this.#episodes.push(episode);
  }

  finding(): Finding {
    const finding = toFinding('playlist-updates', 'Live playlist updated in time', '6.2.1', this.#tally, {
      skipReason: 'no live playlist answered',
    });
    if (this.#episodes.length > 0) {
      finding.examples = this.#episodes.map(
        (e) =>
          `no new ${e.what} for ${((e.until - e.since) / 1000).toFixed(1)} s after ${e.last} (allowed: ${e.limitText})`,
      );
      if (this.#episodeCount > this.#episodes.length)
        finding.examples.push(`${this.#episodeCount - this.#episodes.length} more such stretches`);
    }
    return finding;
  }
}

function usable(seconds: number | null): number | null {
  return seconds !== null && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
}

export function checkPlaylistUpdates(observations: Observations): Finding {
  return runCheck(new PlaylistUpdatesCheck(), observations);
}
