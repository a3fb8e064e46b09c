import type { DemuxEvent } from '../mpegts/types.js';
import { wallclockCapture } from './capture-clock.js';

/**
 * How far behind real time the test source may fall before llhls restarts it. FFmpeg's `realtime`
 * filter makes up a lag shorter than its limit (2 s by default) by releasing the frames it owes
 * at once; past the limit it resets its pacing and every later frame keeps a capture time (its
 * PTS, drawn in its pixels) that old: after a 3 s SIGSTOP, publish - capture stayed at 3 s
 * (FINDINGS.md). Its default limit is the line: frames later than that are never made up.
 */
export const CATCH_UP_AFTER_MS = 2000;

/**
 * The largest lag (arrival - capture, ms) of a frame in these demuxer events whose PTS is the wall
 * clock at capture, when it exceeds `limitMs`; else null. Pure.
 */
export function behindRealTime(events: readonly DemuxEvent[], limitMs = CATCH_UP_AFTER_MS): number | null {
  let worst: number | null = null;
  for (const event of events) {
    if (event.type !== 'access-unit') continue;
    const { pts, arrival } = event.unit;
    const lag = arrival - wallclockCapture(pts, arrival);
    if (lag > limitMs && (worst === null || lag > worst)) worst = lag;
  }
  return worst;
}

/** How many catch-ups within this window say the machine cannot encode the test source in time. */
export const CATCH_UPS_TOO_MANY = 3;
export const CATCH_UP_WINDOW_MS = 60_000;

/**
 * What serve says when the test source fell behind real time and was restarted: the lag, and once
 * it has happened `CATCH_UPS_TOO_MANY` times within a minute (a starved machine, not a pause), what
 * to lower. `times`: every catch-up so far (server clock, ms), this one last. Pure.
 */
export function catchUpMessage(
  behindMs: number,
  times: readonly number[],
  stream: { width: number; height: number; frameRate: number },
): string {
  const line = `the test source fell ${(behindMs / 1000).toFixed(1)} s behind real time (paused or starved); restarted FFmpeg so capture times stay true (EXT-X-DISCONTINUITY)`;
  const last = times.at(-1);
  if (last === undefined) return line;
  const recent = times.filter((t) => t > last - CATCH_UP_WINDOW_MS).length;
  if (recent < CATCH_UPS_TOO_MANY) return line;
  return `${line}; ${recent} times in the last minute: this machine does not encode ${stream.width}x${stream.height} at ${stream.frameRate} fps in real time: lower --resolution, --framerate or --bitrate, or give FFmpeg more CPU`;
}
