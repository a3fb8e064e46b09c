import type { Finding } from '../../run/types.js';
import { mediaKey } from '../engine.js';
import type { Observations } from '../observations.js';
import { fmtPos, Tally, toFinding } from './finding.js';

/**
 * Preload hint honoured: a request for the hinted URI is answered (2xx, with bytes) and the part
 * the server then lists at that position has the hinted URI (4.4.5.3: the hint names "a resource
 * that the Server expects to be the next Partial Segment").
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.5.3
 */
export function checkPreloadHint(observations: Observations): Finding {
  const tally = new Tally();
  const listed = new Map<string, string>();
  for (const o of observations.playlists) {
    if (o.playlist === null) continue;
    for (const segment of o.playlist.segments) {
      for (const part of segment.parts) listed.set(mediaKey(part.msn, part.index), part.uri);
    }
    for (const part of o.playlist.tailParts) listed.set(mediaKey(part.msn, part.index), part.uri);
  }
  for (const m of observations.media) {
    if (!m.hinted) continue;
    const answered = m.error === null && m.status >= 200 && m.status < 300 && m.bytes > 0;
    const listedUri = listed.get(mediaKey(m.msn, m.part));
    const sameUri = listedUri === undefined || listedUri === m.uri;
    tally.check(answered && sameUri, () =>
      !answered
        ? `hinted ${m.uri} (${fmtPos(m.msn, m.part)}): ${m.error ?? `status ${m.status}, ${m.bytes} bytes`}`
        : `hinted ${m.uri} for ${fmtPos(m.msn, m.part)} but then listed as ${listedUri}`,
    );
  }
  return toFinding('preload-hint', 'Preload hint honoured', '4.4.5.3', tally, {
    skipReason: 'no EXT-X-PRELOAD-HINT seen',
  });
}
