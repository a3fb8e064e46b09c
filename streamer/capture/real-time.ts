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
