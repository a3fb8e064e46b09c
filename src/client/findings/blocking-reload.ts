import { lastListedPart, lastSegmentMsn } from '../../hls/media-playlist.js';
import type { Finding } from '../../run/types.js';
import { contains } from '../engine.js';
import type { Observations, PlaylistObservation } from '../observations.js';
import { type Check, fmtPos, runCheck, Tally, toFinding } from './finding.js';

/**
 * Blocking reload honoured: a request with `_HLS_msn`/`_HLS_part` is held until the playlist
 * holds that segment or part, then answered with it (6.2.5.2: "the Server MUST hold onto the
 * request until a Playlist contains a Segment with the requested Media Sequence Number ...").
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.2
 */
export class BlockingReloadCheck implements Check {
  readonly #tally = new Tally();

  playlist(o: PlaylistObservation): void {
    if (o.request.probe || o.request.msn === null || o.playlist === null || o.status !== 200) return;
    const { msn, part } = o.request;
    const playlist = o.playlist;
    this.#tally.check(contains(playlist, msn, part), () => {
      const last = lastListedPart(playlist);
      const got = last === null ? fmtPos(lastSegmentMsn(playlist), null) : fmtPos(last.msn, last.index);
      return `asked for ${fmtPos(msn, part)}, answered after ${fmt(o.holdMs)} ms with up to ${got}`;
    });
  }

  finding(): Finding {
    return toFinding('blocking-reload', 'Blocking playlist reload honoured', '6.2.5.2', this.#tally, {
      skipReason: 'no blocking reload sent: the server does not advertise CAN-BLOCK-RELOAD=YES',
    });
  }
}

export function checkBlockingReload(observations: Observations): Finding {
  return runCheck(new BlockingReloadCheck(), observations);
}

function fmt(value: number | null): string {
  return value === null ? '?' : value.toFixed(0);
}
