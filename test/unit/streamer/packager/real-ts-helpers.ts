import { execFileSync } from 'node:child_process';
import { TsDemuxer } from '../../../../streamer/mpegts/ts-demuxer.js';
import type { DemuxEvent } from '../../../../streamer/mpegts/types.js';
import { Packager } from '../../../../streamer/packager/packager.js';
import type { PackagerOptions } from '../../../../streamer/packager/packager-options.js';

/** Real TS through a demuxer into a packager in 1316-byte chunks (a UDP-sized pipe read), 1 ms
 *  apart; then flushed, as at the end of the input. */
export function feedInChunks(bytes: Uint8Array, demuxer: TsDemuxer, packager: Packager): void {
  let now = 1_700_000_000_000;
  for (let at = 0; at < bytes.length; at += 1316) {
    now += 1;
    packager.push(demuxer.push(bytes.subarray(at, at + 1316), now), now);
  }
  packager.push(demuxer.flush(now), now);
  packager.flush(now);
}

/** Real TS through a fresh demuxer into a packager of 1 s segments and 0.1 s parts (capture time
 *  from PTS), as `feedInChunks` feeds it; `options` add to or override those. */
export function packageBytes(bytes: Uint8Array, options: Partial<PackagerOptions> = {}): Packager {
  const demuxer = new TsDemuxer();
  const packager = new Packager({
    segmentTarget: 1,
    partTarget: 0.1,
    windowSegments: 10,
    captureTime: (pts) => 1_700_000_000_000 + pts / 90,
    ...options,
  });
  feedInChunks(bytes, demuxer, packager);
  return packager;
}

/** Video frames ffprobe demuxes from bytes alone (each part must be demuxable on its own). */
export function ffprobeVideoPackets(bytes: Uint8Array): number {
  const out = execFileSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-f',
      'mpegts',
      '-select_streams',
      'v:0',
      '-show_entries',
      'packet=pts',
      '-of',
      'csv=p=0',
      '-i',
      'pipe:0',
    ],
    { input: bytes },
  );
  return out.toString().trim().split('\n').filter(Boolean).length;
}

/** Demuxer events into a packager in groups of `group`, 1 ms apart from `now` (no flush). Returns
 *  the instant of the last group. */
export function pushEvents(
  events: readonly DemuxEvent[],
  packager: Packager,
  now = 1_700_000_000_000,
  group = 20,
): number {
  let t = now;
  for (let i = 0; i < events.length; i += group) {
    t += 1;
    packager.push(events.slice(i, i + group), t);
  }
  return t;
}
