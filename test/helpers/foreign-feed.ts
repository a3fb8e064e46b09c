import { type ChildProcess, spawn } from 'node:child_process';
import { frameCodeFilters, frameCodeLayout } from '../../streamer/capture/frame-code.js';
import { ffmpegTestArgs } from './ffmpeg-command.js';

export interface ForeignFeedOptions {
  width?: number;
  height?: number;
  fps?: number;
  gop?: number;
  /** Seconds of media; default: until killed. */
  seconds?: number;
  codec?: 'libx264' | 'libx265';
  /** The encoder's own GOP structure instead of -tune zerolatency: B-frames, and with libx265 its
   *  default open GOPs (CRA keyframes with leading pictures decoded after them, shown before). */
  bFrames?: boolean;
  /** Video kbit/s (default 800); higher makes frames bigger, so a pipe holds fewer of them. */
  bitrateKbps?: number;
  /**
   * `wallclock`: PTS are the wall clock when each frame was made (`setpts=RTCTIME`): an encoder
   * that was blocked resumes with a PTS jump. `zero`: PTS count frames from 0, as an encoder
   * started afresh does (two of them into one pipe jump back).
   */
  pts: 'wallclock' | 'zero';
}

/** The frame-code layout the feed draws (the capture instant in its pixels). */
export const feedLayout = (width = 640, height = 360) => frameCodeLayout(width, height)!;

/**
 * FFmpeg as someone else runs it into `llhls serve --input -`: a moving test pattern with the
 * frame code of the wall clock drawn in (so tests know every frame's true capture time), encoded
 * with FFmpeg's defaults for MPEG-TS: no -muxdelay 0 (PTS shifted by 0.7 s of mux delay), no
 * -flush_packets 1, no video PES lengths. Only what a low-latency encoder needs is set.
 */
export function foreignFeedArgs(options: ForeignFeedOptions): string[] {
  const { width = 640, height = 360, fps = 30, gop = 30, codec = 'libx264' } = options;
  const layout = feedLayout(width, height);
  return ffmpegTestArgs({
    width,
    height,
    fps,
    graph: [
      'realtime',
      'settb=AVTB',
      'setpts=RTCTIME',
      frameCodeFilters(layout),
      ...(options.pts === 'zero' ? [`setpts=N/${fps}/TB`] : []),
      'format=yuv420p',
    ],
    ...(options.seconds === undefined ? {} : { seconds: options.seconds }),
    codec,
    gop,
    ...(options.bFrames === true ? { tune: null } : {}),
    encoder: ['-b:v', `${options.bitrateKbps ?? 800}k`],
  });
}

/** `readAfterMs`: a reader that starts reading this late (`ffmpeg ... | (sleep; cat)`): the pipe
 *  fills and the encoder blocks until then, as one in front of a slow consumer does. */
export function spawnFeed(options: ForeignFeedOptions, readAfterMs = 0): ChildProcess {
  if (readAfterMs === 0)
    return spawn('ffmpeg', foreignFeedArgs(options), { stdio: ['ignore', 'pipe', 'inherit'] });
  const quoted = foreignFeedArgs(options).map((a) => `'${a.replace(/'/g, `'\\''`)}'`);
  const script = `exec ffmpeg ${quoted.join(' ')} | (sleep ${readAfterMs / 1000}; exec cat)`;
  return spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
}

/** Kills a feed, with its late reader's shell and pipeline when it has one. */
export function stopFeed(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** Feeds and serves a test file started, stopped together in its `after()`. */
export class FeedPool {
  readonly #children: ChildProcess[] = [];
  readonly #closers: (() => Promise<void>)[] = [];

  spawn(options: ForeignFeedOptions, readAfterMs = 0): ChildProcess {
    const child = spawnFeed(options, readAfterMs);
    this.#children.push(child);
    return child;
  }

  track<T extends { close(): Promise<void> }>(serve: T): T {
    this.#closers.push(() => serve.close());
    return serve;
  }

  async close(): Promise<void> {
    for (const child of this.#children) stopFeed(child);
    await Promise.all(this.#closers.map((close) => close()));
  }
}
