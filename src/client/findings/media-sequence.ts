import { lastSegmentMsn } from '../../hls/media-playlist.js';
import type { Finding } from '../../run/types.js';
import type { Observations, PlaylistObservation } from '../observations.js';
import { type Check, runCheck, Tally, toFinding } from './finding.js';

/** URIs remembered by msn: far more than a live window, and bounded on long runs. */
const MAX_KNOWN_URIS = 4096;

/**
 * Media sequence continuity across reloads: EXT-X-MEDIA-SEQUENCE and EXT-X-DISCONTINUITY-SEQUENCE
 * never go back, the last segment never goes back, and a media sequence number keeps its URI
 * (6.2.1: the server MUST NOT change the playlist except to append, remove from the front in
 * order, and the like; 6.2.2: each segment keeps its media sequence number).
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.1
 */
export class MediaSequenceCheck implements Check {
  readonly #tally = new Tally();
  readonly #uriByMsn = new Map<number, string>();
  #previous: { ms: number; ds: number; last: number | null } | null = null;

  playlist(o: PlaylistObservation): void {
    const playlist = o.playlist;
    if (playlist === null || o.request.probe) return;
    const current = {
      ms: playlist.mediaSequence,
      ds: playlist.discontinuitySequence,
      last: lastSegmentMsn(playlist),
    };
    const before = this.#previous;
    if (before !== null) {
      this.#tally.check(
        current.ms >= before.ms && current.ds >= before.ds && (current.last ?? 0) >= (before.last ?? 0),
        () =>
          `went back: MEDIA-SEQUENCE ${before.ms} -> ${current.ms}, DISCONTINUITY-SEQUENCE ${before.ds} -> ${current.ds}, last msn ${before.last} -> ${current.last}`,
      );
    }
    this.#previous = current;
    for (const segment of playlist.segments) {
      const known = this.#uriByMsn.get(segment.msn);
      if (known !== undefined) {
        this.#tally.check(known === segment.uri, () => `msn ${segment.msn} was ${known}, now ${segment.uri}`);
      }
      this.#uriByMsn.set(segment.msn, segment.uri);
    }
    if (this.#uriByMsn.size > MAX_KNOWN_URIS) this.#uriByMsn.clear();
  }

  finding(): Finding {
    return toFinding('media-sequence', 'Media sequence continuity', '6.2.1', this.#tally, {
      skipReason: 'fewer than two playlists received',
    });
  }
}

export function checkMediaSequence(observations: Observations): Finding {
  return runCheck(new MediaSequenceCheck(), observations);
}
