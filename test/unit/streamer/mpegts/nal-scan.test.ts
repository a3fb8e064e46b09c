import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VideoCodec } from '../../../../streamer/codec/nal-types.js';
import { finishNalScan, newNalScan, scanNalUnits } from '../../../../streamer/mpegts/nal-scan.js';

function scan(...pieces: number[][]) {
  return scanAs(VideoCodec.H264, ...pieces);
}

function scanAs(codec: VideoCodec, ...pieces: number[][]) {
  const state = newNalScan(codec);
  for (const piece of pieces) scanNalUnits(state, new Uint8Array(piece), 0, piece.length);
  finishNalScan(state);
  return state;
}

describe('scanNalUnits (H.264)', () => {
  it('finds an IDR slice after AUD, SPS and PPS', () => {
    const state = scan([
      0, 0, 0, 1, 0x09, 0xf0, 0, 0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x68, 0xce, 0, 0, 1, 0x65, 0x88,
    ]);
    assert.deepEqual([state.done, state.keyframe], [true, true]);
  });

  it('stops at a non-IDR slice', () => {
    const state = scan([0, 0, 0, 1, 0x09, 0xf0, 0, 0, 0, 1, 0x41, 0x9a]);
    assert.deepEqual([state.done, state.keyframe], [true, false]);
  });

  it('follows a start code and a NAL header split at every position', () => {
    const bytes = [0x09, 0xf0, 0, 0, 0, 1, 0x65];
    for (let split = 0; split <= bytes.length; split++) {
      const state = scan(bytes.slice(0, split), bytes.slice(split));
      assert.deepEqual([state.done, state.keyframe], [true, true], `split at ${split}`);
    }
  });

  it('does not take 0x000001 inside other bytes for a start code of its own, nor 0x0001', () => {
    assert.equal(scan([0x65, 0, 1, 0x65, 0, 0, 2, 0x65]).done, false);
  });
});

describe('scanNalUnits: parameter sets', () => {
  it('copies H.264 SPS and PPS whole, without the next start code, across any split', () => {
    const bytes = [
      0, 0, 0, 1, 0x09, 0xf0, 0, 0, 0, 1, 0x67, 0x42, 0xc0, 0x1e, 0, 0, 1, 0x68, 0xce, 0x3c, 0x80, 0, 0, 0, 1,
      0x65, 0x88,
    ];
    for (let split = 0; split <= bytes.length; split++) {
      const state = scan(bytes.slice(0, split), bytes.slice(split));
      assert.deepEqual(
        state.sets?.sps.map((n) => [...n]),
        [[0x67, 0x42, 0xc0, 0x1e]],
        `split at ${split}`,
      );
      assert.deepEqual(
        state.sets?.pps.map((n) => [...n]),
        [[0x68, 0xce, 0x3c, 0x80]],
      );
      assert.equal(state.keyframe, true);
    }
  });

  it('H.265: VPS, SPS, PPS copied; an IRAP slice (CRA, type 21) is a keyframe, a TRAIL_R (1) is not', () => {
    const header = (type: number) => [(type << 1) & 0x7e, 0x01];
    const cra = scanAs(
      VideoCodec.HEVC,
      [0, 0, 0, 1, ...header(35), 0x50, 0, 0, 0, 1, ...header(32), 0x0c, 0, 0, 1, ...header(33), 0x01],
      [0, 0, 1, ...header(34), 0xc1, 0, 0, 1, ...header(21), 0xaf],
    );
    assert.deepEqual([cra.done, cra.keyframe], [true, true]);
    assert.deepEqual(
      cra.sets?.vps.map((n) => [...n]),
      [[0x40, 0x01, 0x0c]],
    );
    assert.deepEqual(
      cra.sets?.sps.map((n) => [...n]),
      [[0x42, 0x01, 0x01]],
    );
    assert.deepEqual(
      cra.sets?.pps.map((n) => [...n]),
      [[0x44, 0x01, 0xc1]],
    );
    const trail = scanAs(VideoCodec.HEVC, [0, 0, 1, ...header(1), 0xaf]);
    assert.deepEqual([trail.done, trail.keyframe, trail.sets], [true, false, null]);
    // An H.265 IDR_W_RADL (19) read as H.264 would be type 6 (SEI): the codec matters.
    assert.equal(scanAs(VideoCodec.HEVC, [0, 0, 1, ...header(19), 0xaf]).keyframe, true);
  });
});
