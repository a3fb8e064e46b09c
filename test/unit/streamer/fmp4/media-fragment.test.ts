import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initSegment } from '../../../../streamer/fmp4/init-segment.js';
import { mediaFragment, SampleFlags } from '../../../../streamer/fmp4/media-fragment.js';
import { audioTrack } from '../../../../streamer/fmp4/tracks.js';
import { join, readMp4 } from '../../../helpers/mp4-reader.js';

const fill = (length: number, value: number) => new Uint8Array(length).fill(value);

describe('movie fragment: moof (mfhd, traf: tfhd, tfdt v1, trun) + mdat (ISO/IEC 14496-12 §8.8)', () => {
  const video = {
    trackId: 1,
    baseMediaDecodeTime: 2 ** 33 + 3000, // unwrapped 90 kHz DTS, past 32 bits
    samples: [
      { duration: 3000, size: 5, flags: SampleFlags.Sync, compositionOffset: 6000 },
      { duration: 3003, size: 3, flags: SampleFlags.NonSync, compositionOffset: 0 },
    ],
    data: [fill(5, 0xa1), fill(3, 0xa2)],
  };
  const audio = {
    trackId: 2,
    baseMediaDecodeTime: 96_000,
    samples: [{ duration: 1024, size: 4, flags: SampleFlags.Sync, compositionOffset: 0 }],
    data: [fill(4, 0xb1)],
  };
  const bytes = mediaFragment(42, [video, audio]);
  // A reader needs the track declarations: an init segment with two tracks goes first.
  const init = initSegment([
    audioTrack(1, { objectType: 2, samplingFrequencyIndex: 3, sampleRate: 48_000, channelConfiguration: 2 }),
    audioTrack(2, { objectType: 2, samplingFrequencyIndex: 3, sampleRate: 48_000, channelConfiguration: 2 }),
  ]);
  const file = readMp4(join(init, bytes));

  it('one moof then one mdat; mfhd carries the sequence number', () => {
    assert.deepEqual(file.boxes, ['ftyp', 'moov', 'moof', 'mdat']);
    assert.equal(file.fragments.length, 1);
    assert.equal(file.fragments[0]!.sequence, 42);
  });

  it('per track: tfdt as given (64-bit), every sample duration, size, flags and composition offset', () => {
    const [v, a] = file.fragments[0]!.runs;
    assert.deepEqual(
      [v?.trackId, v?.baseMediaDecodeTime, v?.durations, v?.sizes, v?.flags, v?.compositionOffsets],
      [1, 2 ** 33 + 3000, [3000, 3003], [5, 3], [0x02000000, 0x01010000], [6000, 0]],
    );
    assert.deepEqual(
      [a?.trackId, a?.baseMediaDecodeTime, a?.durations, a?.sizes, a?.compositionOffsets],
      [2, 96_000, [1024], [4], [0]],
    );
  });

  it('data offsets are relative to the moof (default-base-is-moof) and point at each track’s samples', () => {
    const moofSize = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0);
    const [v, a] = file.fragments[0]!.runs;
    assert.equal(v?.tfhdFlags, 0x020000);
    assert.equal(v?.dataOffset, moofSize + 8);
    assert.equal(a?.dataOffset, moofSize + 8 + 8);
    assert.deepEqual(
      [...bytes.subarray(v!.dataOffset, v!.dataOffset + 8)],
      [...fill(5, 0xa1), ...fill(3, 0xa2)],
    );
    assert.deepEqual([...bytes.subarray(a!.dataOffset)], [...fill(4, 0xb1)]);
    assert.equal(bytes.length, moofSize + 8 + 12);
  });

  it('no composition offsets in the trun when every sample has none (audio, video without B-frames)', () => {
    const plain = mediaFragment(1, [audio]);
    // trun flags: data-offset, duration, size, flags; no 0x800.
    const at = Buffer.from(plain).indexOf('trun');
    assert.equal(new DataView(plain.buffer, plain.byteOffset + at + 4).getUint32(0) & 0xffffff, 0x000701);
  });
});
