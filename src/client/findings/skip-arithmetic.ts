import type { MediaPlaylist } from '../../hls/media-playlist.js';
import { mergeDelta } from '../../hls/merge-delta.js';
import type { Finding } from '../../run/types.js';
import type { Observations, PlaylistObservation } from '../observations.js';
import { type Check, runCheck, Tally, toFinding } from './finding.js';

/**
 * EXT-X-SKIP arithmetic: a delta update comes only when asked for (`_HLS_skip`) from a server that
 * advertises CAN-SKIP-UNTIL, the segments it skips are exactly those before the first one it
 * lists (MEDIA-SEQUENCE + SKIPPED-SEGMENTS is the msn of the first listed segment, same URI as in
 * the full playlist), and what it still lists spans at least the skip boundary (4.4.5.2, 6.2.5.1).
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.5.2
 */
export class SkipArithmeticCheck implements Check {
  readonly #tally = new Tally();
  #view: MediaPlaylist | null = null;
  #boundary: number | null = null;

  playlist(o: PlaylistObservation): void {
    const playlist = o.playlist;
    if (playlist === null || o.request.probe) return;
    const tally = this.#tally;
    this.#boundary = playlist.serverControl?.canSkipUntil ?? this.#boundary;
    const boundary = this.#boundary;
    if (playlist.delta) {
      const before: MediaPlaylist | null = this.#view;
      tally.check(o.request.skip, () => `delta update sent to a request without _HLS_skip`);
      tally.check(boundary !== null, () => `EXT-X-SKIP from a server without CAN-SKIP-UNTIL`);
      const first = playlist.segments[0];
      const full = before?.segments.find((s) => s.msn === first?.msn);
      if (first !== undefined && full !== undefined) {
        tally.check(
          full.uri === first.uri,
          () =>
            `SKIPPED-SEGMENTS ${playlist.skipped}: first listed msn ${first.msn} is ${first.uri}, full playlist has ${full.uri}`,
        );
      }
      if (boundary !== null) {
        const listed = playlist.segments.reduce((sum, s) => sum + s.duration, 0);
        const target = playlist.targetDuration ?? 0;
        // The server skips only segments older than the boundary; a segment of slack for where it cut.
        tally.check(
          listed + target + 1e-6 >= boundary,
          () => `delta lists ${listed.toFixed(3)} s of segments, less than CAN-SKIP-UNTIL ${boundary} s`,
        );
      }
    }
    this.#view = mergeDelta(this.#view, playlist) ?? this.#view;
  }

  finding(): Finding {
    return toFinding('skip-arithmetic', 'EXT-X-SKIP arithmetic', '4.4.5.2', this.#tally, {
      skipReason: 'no delta update received',
    });
  }
}

export function checkSkipArithmetic(observations: Observations): Finding {
  return runCheck(new SkipArithmeticCheck(), observations);
}
