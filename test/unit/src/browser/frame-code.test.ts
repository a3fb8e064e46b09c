import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import {
  decodeFrameCode,
  frameCodeOf,
  MIN_REFERENCE_CONTRAST,
  stripGeometry,
} from '../../../../src/browser/frame-code.js';
import type { FrameCodeLayout } from '../../../../src/hls/timestamps.js';
import { ffmpegTestArgs } from '../../../helpers/ffmpeg-command.js';

const layout: FrameCodeLayout = {
  kind: 'capture-ms',
  bits: 24,
  x: 0,
  y: 0,
  blockSize: 16,
  frameWidth: 640,
  frameHeight: 360,
};

/** Block means of an ideal strip for `code` with the given white/black levels. */
function means(code: number, white = 235, black = 16): number[] {
  const out = [white, black];
  for (let i = layout.bits - 1; i >= 0; i--) out.push(Math.floor(code / 2 ** i) % 2 === 1 ? white : black);
  return out;
}

test('decodes every bit, most significant first, including codes >= 2^23', () => {
  for (const code of [0, 1, 0x800000, 0xffffff, 0xa5a5a5, 12345]) {
    const result = decodeFrameCode(means(code), layout);
    assert.deepEqual(result.ok && result.code, code);
  }
});

test('thresholds halfway between the references, so a dim or washed-out frame still decodes', () => {
  const result = decodeFrameCode(means(0x123456, 180, 90), layout);
  assert.equal(result.ok && result.code, 0x123456);
});

test('rejects a frame whose references are not clearly apart', () => {
  const flat = decodeFrameCode(means(0x123456, 120, 120 - MIN_REFERENCE_CONTRAST + 1), layout);
  assert.equal(flat.ok, false);
  assert.equal(!flat.ok && flat.reason, 'references-not-apart');
  const inverted = decodeFrameCode(means(0x123456, 16, 235), layout);
  assert.equal(inverted.ok, false);
  assert.equal(decodeFrameCode([235, 16, 235], layout).ok, false);
});

test('frameCodeOf is floor(capture ms) mod 2^bits', () => {
  assert.equal(frameCodeOf(1_700_000_000_123.9, 24), 1_700_000_000_123 % 2 ** 24);
});

test('stripGeometry scales the layout to the decoded size', () => {
  assert.deepEqual(stripGeometry(layout, 320, 180), { x: 0, y: 0, width: 208, height: 8, blocks: 26 });
});

// Real pixels: FFmpeg draws the strip the way the llhls test source does (drawbox with enable
// expressions, frame n carries code 1000 + 37 n), libx264 encodes it, FFmpeg decodes it back to
// grey pixels (at full size and scaled to half), and the decoder reads each frame's code.
function decodedStrips(scale: number): { width: number; height: number; frames: Buffer[] } {
  const boxes = [
    `drawbox=x=0:y=0:w=${26 * 16}:h=16:color=black:t=fill`,
    'drawbox=x=0:y=0:w=16:h=16:color=white:t=fill',
  ];
  for (let i = 0; i < 24; i++) {
    const enable = `mod(floor((1000+n*37)/pow(2\\,${23 - i}))\\,2)`;
    boxes.push(`drawbox=x=${(i + 2) * 16}:y=0:w=16:h=16:color=white:t=fill:enable='${enable}'`);
  }
  const encode = spawnSync(
    '/usr/bin/ffmpeg',
    ffmpegTestArgs({
      width: 640,
      height: 360,
      frames: 20,
      videoFilters: boxes,
      tune: null,
      encoder: ['-pix_fmt', 'yuv420p'],
    }),
    { maxBuffer: 64 << 20 },
  );
  assert.equal(encode.status, 0, String(encode.stderr));
  const g = stripGeometry(layout, 640 * scale, 360 * scale);
  const decode = spawnSync(
    '/usr/bin/ffmpeg',
    [
      ...['-loglevel', 'error', '-f', 'mpegts', '-i', 'pipe:0'],
      ...['-vf', `scale=${640 * scale}:${360 * scale},crop=${g.width}:${g.height}:${g.x}:${g.y}`],
      ...['-pix_fmt', 'gray', '-f', 'rawvideo', 'pipe:1'],
    ],
    { input: encode.stdout, maxBuffer: 64 << 20 },
  );
  assert.equal(decode.status, 0, String(decode.stderr));
  const size = g.width * g.height;
  const frames: Buffer[] = [];
  for (let o = 0; o + size <= decode.stdout.length; o += size)
    frames.push(decode.stdout.subarray(o, o + size));
  return { width: g.width, height: g.height, frames };
}

/** What the page does: the mean of each block's centre (here 2x2 pixels around the centre). */
function centreMeans(frame: Buffer, width: number, height: number, blocks: number): number[] {
  const block = width / blocks;
  const out: number[] = [];
  for (let b = 0; b < blocks; b++) {
    const cx = Math.floor(b * block + block / 2);
    const cy = Math.floor(height / 2);
    let sum = 0;
    for (const [dx, dy] of [
      [-1, -1],
      [0, -1],
      [-1, 0],
      [0, 0],
    ] as const)
      sum += frame[(cy + dy) * width + cx + dx]!;
    out.push(sum / 4);
  }
  return out;
}

for (const scale of [1, 0.5]) {
  test(`decodes the code from libx264-encoded frames at scale ${scale}`, () => {
    const { width, height, frames } = decodedStrips(scale);
    assert.equal(frames.length, 20);
    frames.forEach((frame, n) => {
      const result = decodeFrameCode(centreMeans(frame, width, height, 26), layout);
      assert.equal(result.ok && result.code, 1000 + 37 * n, `frame ${n}`);
    });
  });
}
