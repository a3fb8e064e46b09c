import { decodeFrameCode } from '../../src/browser/frame-code.js';
import type { FrameCodeLayout } from '../../src/hls/timestamps.js';
import { runAsync } from './run-async.js';

/**
 * The frame code (floor(capture ms) mod 2^bits) drawn in every frame of an MPEG-TS, in
 * presentation order, read back from FFmpeg-decoded pixels; null for a frame whose code does not
 * read. The truth a PROGRAM-DATE-TIME or capture time is checked against.
 */
export async function frameCodesOf(ts: Uint8Array, layout: FrameCodeLayout): Promise<(number | null)[]> {
  const b = layout.blockSize;
  const width = (layout.bits + 2) * b;
  const out = await runAsync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-f',
      'mpegts',
      '-i',
      'pipe:0',
      '-map',
      '0:v:0',
      '-vf',
      `crop=${width}:${b}:${layout.x}:${layout.y},format=gray`,
      '-f',
      'rawvideo',
      'pipe:1',
    ],
    ts,
  );
  const frames = Math.floor(out.stdout.length / (width * b));
  const codes: (number | null)[] = [];
  for (let f = 0; f < frames; f++) {
    const frame = out.stdout.subarray(f * width * b);
    const means = Array.from(
      { length: layout.bits + 2 },
      (_, k) => frame[(b >> 1) * width + k * b + (b >> 1)]!,
    );
    const code = decodeFrameCode(means, layout);
    codes.push(code.ok ? code.code : null);
  }
  return codes;
}

/** The frame code of a capture instant (as the test source draws it). */
export const codeOf = (captureMs: number, layout: FrameCodeLayout): number =>
  Math.floor(captureMs) % 2 ** layout.bits;
