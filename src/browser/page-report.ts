/**
 * What the harness page sends to Node, batched (one call every ~250 ms) so the page's per-frame
 * work stays a few property reads and one small canvas read. Every instant is client epoch ms
 * (the page's `performance.timeOrigin` + its `performance.now()`-based value); Node converts
 * them to the server clock.
 */

/** One presented frame (requestVideoFrameCallback). Short keys: ~30 of these per batch. */
export interface PageFrame {
  /** expectedDisplayTime mapped to epoch. */
  d: number;
  /** mediaTime (s) of the frame. */
  m: number;
  /** capture from the player's PROGRAM-DATE-TIME mapping, or null. */
  p: number | null;
  /** luma means (0-255) of the frame-code blocks, or null when the stream has no frame code. */
  b: number[] | null;
  /** presentedFrames counter: a gap means frames the callback did not see. */
  n: number;
}

/** Player state, sampled once per batch. */
export interface PageState {
  t: number;
  latency: number | null;
  targetLatency: number | null;
  drift: number | null;
  playbackRate: number;
  bufferAhead: number;
  droppedFrames: number | null;
  totalFrames: number | null;
}

/** A stall: the video element fired `waiting` after the first frame; `end` on `playing`.
 *  `cause` is `seek` when the player was seeking at the time (see StallSample); `bufferAhead`:
 *  seconds of media buffered from the playhead on when it fired. */
export interface PageStall {
  start: number;
  end: number | null;
  cause: 'underrun' | 'seek';
  bufferAhead: number;
}

export interface PageEvent {
  t: number;
  name: string;
  detail: Record<string, unknown>;
}

export interface PageError {
  t: number;
  code: string;
  message: string;
  fatal: boolean;
  uri: string | null;
}

/** A part or segment the player loaded, with its loader's own timings (hls.js `stats.loading`). */
export interface PageLoad {
  kind: 'part' | 'segment';
  url: string;
  msn: number;
  part: number | null;
  start: number;
  firstByte: number | null;
  end: number | null;
  bytes: number;
}

export interface PageBatch {
  frames: PageFrame[];
  states: PageState[];
  /** Stalls that started or ended since the last batch (an open one is repeated when it ends). */
  stalls: PageStall[];
  events: PageEvent[];
  errors: PageError[];
  loads: PageLoad[];
}
