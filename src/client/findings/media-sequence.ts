import { lastSegmentMsn } from '../../hls/media-playlist.js';
import type { Finding } from '../../run/types.js';
import type { Observations } from '../observations.js';
import { Tally, toFinding } from './finding.js';

/**
 * Media sequence continuity across reloads: EXT-X-MEDIA-SEQUENCE and EXT-X-DISCONTINUITY-SEQUENCE
 * never go back, the last segment never goes back, and a media sequence number keeps its URI
 * (6.2.1: the server MUST NOT change the playlist except to append, remove from the front in
 * order, and the like; 6.2.2: each segment keeps its media sequence number).
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.1
 */
export function checkMediaSequence(observations: Observations): Finding {
  const tally = new Tally();
  const uriByMsn = new Map<number, string>();
  let previous: { ms: number; ds: number; last: number | null } | null = null;
  for (const o of observations.playlists) {
    const playlist = o.playlist;
    if (playlist === null || o.request.probe) continue;
    const current = {
      ms: playlist.mediaSequence,
      ds: playlist.discontinuitySequence,
      last: lastSegmentMsn(playlist),
    };
    if (previous !== null) {
      const before = previous;
      tally.check(
        current.ms >= before.ms && current.ds >= before.ds && (current.last ?? 0) >= (before.last ?? 0),
        () =>
          `went back: MEDIA-SEQUENCE ${before.ms} -> ${current.ms}, DISCONTINUITY-SEQUENCE ${before.ds} -> ${current.ds}, last msn ${before.last} -> ${current.last}`,
      );
    }
    previous = current;
    for (const segment of playlist.segments) {
      const known = uriByMsn.get(segment.msn);
      if (known !== undefined) {
        tally.check(known === segment.uri, () => `msn ${segment.msn} was ${known}, now ${segment.uri}`);
      }
      uriByMsn.set(segment.msn, segment.uri);
    }
    if (uriByMsn.size > 4096) uriByMsn.clear();
  }
  return toFinding('media-sequence', 'Media sequence continuity', '6.2.1', tally, {
    skipReason: 'fewer than two playlists received',
  });
}
