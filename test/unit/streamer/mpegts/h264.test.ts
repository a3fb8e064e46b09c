import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newNalScan, scanNalUnits } from '../../../../streamer/mpegts/h264.js';

function scan(...pieces: number[][]) {
  const state = newNalScan();
  for (const piece of pieces) scanNalUnits(state, new Uint8Array(piece), 0, piece.length);
  return state;
}

describe('scanNalUnits', () => {
  it('finds an IDR slice after AUD, SPS and PPS', () => {
    const state = scan([
      0, 0, 0, 1, 0x09, 0xf0, 0, 0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x68, 0xce, 0, 0, 1, 0x65, 0x88,
    ]);
    assert.deepEqual([state.done, state.idr], [true, true]);
  });

  it('stops at a non-IDR slice', () => {
    const state = scan([0, 0, 0, 1, 0x09, 0xf0, 0, 0, 0, 1, 0x41, 0x9a]);
    assert.deepEqual([state.done, state.idr], [true, false]);
  });

  it('follows a start code and a NAL header split at every position', () => {
    const bytes = [0x09, 0xf0, 0, 0, 0, 1, 0x65];
    for (let split = 0; split <= bytes.length; split++) {
      const state = scan(bytes.slice(0, split), bytes.slice(split));
      assert.deepEqual([state.done, state.idr], [true, true], `split at ${split}`);
    }
  });

  it('does not take 0x000001 inside other bytes for a start code of its own, nor 0x0001', () => {
    assert.equal(scan([0x65, 0, 1, 0x65, 0, 0, 2, 0x65]).done, false);
  });
});
