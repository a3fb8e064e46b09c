import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { frameCodeLayout } from '../../../../streamer/capture/frame-code.js';
import { buildRawSourceArgs } from '../../../../streamer/gstreamer/pipeline-args.js';
import { captureFromCode, RawFrameTap } from '../../../../streamer/gstreamer/raw-frame-tap.js';
import { runAsync } from '../../../helpers/run-async.js';

// Real frames from the test source's own graph (what the engine pipes to GStreamer), 416x240:
// the smallest width the frame-code strip fits.
const W = 416;
const H = 240;
const layout = frameCodeLayout(W, H)!;
let raw: Uint8Array;
let madeBefore: number;

before(async () => {
  const args = buildRawSourceArgs({
    input: { kind: 'test' },
    width: W,
    height: H,
    frameRate: 30,
    bitrateKbps: 500,
    segmentDuration: 1,
    partDuration: 0.1,
    directory: '/unused',
    fontFile: null,
    frameCode: layout,
  });
  args.splice(args.indexOf('-f', args.indexOf('-fps_mode')), 0, '-frames:v', '10');
  const { stdout, status, stderr } = await runAsync('ffmpeg', args);
  assert.equal(status, 0, stderr.toString());
  raw = new Uint8Array(stdout);
  madeBefore = Date.now();
});

test('ten frames, captures read from their pixels: a frame interval apart, before they arrived', () => {
  assert.equal(raw.length, 10 * W * H * 1.5);
  const frames = new RawFrameTap(W, H, layout).push(raw, madeBefore);
  assert.equal(frames.length, 10);
  for (let i = 1; i < frames.length; i++) {
    const step = frames[i]!.capture - frames[i - 1]!.capture;
    assert.ok(Math.abs(step - 1000 / 30) <= 1, `frame ${i}: ${step} ms after the one before`);
  }
  assert.ok(frames[9]!.capture <= madeBefore && frames[0]!.capture > madeBefore - 30_000);
});

test('chunks split anywhere give the same frames (pipes deliver 64 KiB or less)', () => {
  const whole = new RawFrameTap(W, H, layout).push(raw, madeBefore).map((f) => f.capture);
  const tap = new RawFrameTap(W, H, layout);
  const split: number[] = [];
  let at = 0;
  for (const size of [1, 7, 100, 65_536, 3, 149_757, 200_000]) {
    for (const f of tap.push(raw.subarray(at, at + size), madeBefore)) split.push(f.capture);
    at += size;
  }
  while (at < raw.length) {
    for (const f of tap.push(raw.subarray(at, at + 65_536), madeBefore)) split.push(f.capture);
    at += 65_536;
  }
  assert.deepEqual(split, whole);
});

test('no strip (a camera, or a frame without contrast): the arrival is the capture', () => {
  assert.deepEqual(
    new RawFrameTap(W, H, null).push(raw.subarray(0, W * H * 1.5), 123.4).map((f) => f.capture),
    [123.4],
  );
  const black = new Uint8Array(W * H * 1.5).fill(16);
  assert.deepEqual(
    new RawFrameTap(W, H, layout).push(black, 55).map((f) => f.capture),
    [55],
  );
});

test('captureFromCode: the latest instant at or before arrival with that code', () => {
  const capture = 1_764_500_000_123;
  const code = capture % 2 ** 24;
  assert.equal(captureFromCode(code, 24, capture + 80.7), capture);
  assert.equal(captureFromCode(code, 24, capture), capture);
  assert.equal(captureFromCode(code, 24, capture + 2 ** 24 - 1), capture);
});
