import { isNoAnswer } from '../../network-error.js';
import type { Finding } from '../../run/types.js';
import { mediaKey } from '../engine.js';
import type { MediaObservation, Observations, PlaylistObservation } from '../observations.js';
import { type Check, fmtPos, runCheck, Tally, toFinding } from './finding.js';

/**
 * Preload hint honoured: a request for the hinted URI is answered (2xx, with bytes) and the part
 * the server then lists at that position has the hinted URI (4.4.5.3: the hint names "a resource
 * that the Server expects to be the next Partial Segment"). A hinted request that met no server
 * (refused, reset) is a connection error, not a verdict on the hint.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.5.3
 */
export class PreloadHintCheck implements Check {
  readonly #tally = new Tally();
  /** (msn, part) → URI listed there, for the parts of the live window. */
  readonly #listed = new Map<string, string>();
  /** Answered hinted parts whose position no playlist has listed yet. */
  readonly #pending = new Map<string, MediaObservation>();

  playlist(o: PlaylistObservation): void {
    const playlist = o.playlist;
    if (playlist === null || o.request.probe) return;
    const list = (msn: number, index: number, uri: string): void => {
      const key = mediaKey(msn, index);
      this.#listed.set(key, uri);
      const waiting = this.#pending.get(key);
      if (waiting !== undefined) {
        this.#pending.delete(key);
        this.#judge(waiting, uri);
      }
    };
    for (const segment of playlist.segments) for (const p of segment.parts) list(p.msn, p.index, p.uri);
    for (const p of playlist.tailParts) list(p.msn, p.index, p.uri);
    // Positions below the window can no longer be listed: forget them (a pending hint passes).
    const floor = playlist.mediaSequence - 1;
    for (const key of this.#listed.keys()) {
      if (Number.parseInt(key, 10) >= floor) break;
      this.#listed.delete(key);
    }
    for (const [key, m] of this.#pending) {
      if (m.msn >= floor) continue;
      this.#pending.delete(key);
      this.#judge(m, undefined);
    }
  }

  media(m: MediaObservation): void {
    if (!m.hinted || isNoAnswer(m.errorKind) || m.errorKind === 'aborted') return;
    const answered = m.error === null && m.status >= 200 && m.status < 300 && m.bytes > 0;
    const key = mediaKey(m.msn, m.part);
    const listedUri = this.#listed.get(key);
    if (answered && listedUri === undefined) this.#pending.set(key, m);
    else this.#judge(m, listedUri);
  }

  #judge(m: MediaObservation, listedUri: string | undefined): void {
    const answered = m.error === null && m.status >= 200 && m.status < 300 && m.bytes > 0;
    const sameUri = listedUri === undefined || listedUri === m.uri;
    this.#tally.check(answered && sameUri, () =>
      !answered
        ? `hinted ${m.uri} (${fmtPos(m.msn, m.part)}): ${m.error ?? `status ${m.status}, ${m.bytes} bytes`}`
        : `hinted ${m.uri} for ${fmtPos(m.msn, m.part)} but then listed as ${listedUri}`,
    );
  }

  finding(): Finding {
    for (const m of this.#pending.values()) this.#judge(m, undefined);
    this.#pending.clear();
    return toFinding('preload-hint', 'Preload hint honoured', '4.4.5.3', this.#tally, {
      skipReason: 'no EXT-X-PRELOAD-HINT seen',
    });
  }
}

export function checkPreloadHint(observations: Observations): Finding {
  return runCheck(new PreloadHintCheck(), observations);
}
