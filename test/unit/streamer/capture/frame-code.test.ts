import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FRAME_CODE_BITS, frameCodeFor, frameCodeLayout } from '../../../../streamer/capture/frame-code.js';

test('layout: 26 blocks of max(16, floor(width / 40)) px at the top-left corner', () => {
  assert.deepEqual(frameCodeLayout(1280, 720), {
    kind: 'capture-ms',
    bits: 24,
    x: 0,
    y: 0,
    blockSize: 32,
    frameWidth: 1280,
    frameHeight: 720,
  });
  assert.equal(frameCodeLayout(640, 360)?.blockSize, 16);
  assert.equal(frameCodeLayout(1920, 1080)?.blockSize, 48);
  assert.equal(frameCodeLayout(416, 240)?.blockSize, 16);
  assert.equal(frameCodeLayout(320, 240), null, 'the strip needs 26 x 16 px');
});

test('code = floor(capture ms) mod 2^24', () => {
  assert.equal(FRAME_CODE_BITS, 24);
  assert.equal(frameCodeFor(1_795_502_514_300.0002), 1_795_502_514_300 % 2 ** 24);
  assert.equal(frameCodeFor(2 ** 24 + 5.9), 5);
});
