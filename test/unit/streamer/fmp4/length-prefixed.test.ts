import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VideoCodec } from '../../../../streamer/codec/nal-types.js';
import { lengthPrefixedSample, nalUnits } from '../../../../streamer/fmp4/length-prefixed.js';
import { TsDemuxer } from '../../../../streamer/mpegts/ts-demuxer.js';
import { StreamCodec } from '../../../../streamer/mpegts/types.js';
import { fixture } from '../mpegts/helpers.js';

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);

/** The length-prefixed NAL units of a sample, as [type, length] (H.264 header byte). */
function units(sample: Uint8Array, codec: VideoCodec): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const view = new DataView(sample.buffer, sample.byteOffset, sample.byteLength);
  for (let at = 0; at < sample.length; ) {
    const length = view.getUint32(at);
    const header = sample[at + 4]!;
    out.push([codec === VideoCodec.H264 ? header & 0x1f : (header >> 1) & 0x3f, length]);
    at += 4 + length;
  }
  return out;
}

describe('Annex B → length-prefixed samples (ISO/IEC 14496-15 §5.3.2, CMAF: parameter sets in the header)', () => {
  it('finds NAL units after 3- and 4-byte start codes; trailing zero bytes belong to none', () => {
    const annexB = bytes(0, 0, 0, 1, 0x09, 0xf0, 0, 0, 1, 0x65, 0xaa, 0xbb, 0, 0, 0, 0, 1, 0x41, 0xcc, 0, 0);
    assert.deepEqual(nalUnits(annexB), [
      [4, 6],
      [9, 12],
      [17, 19],
    ]);
  });

  it('keeps emulation prevention bytes (0x000003) inside a NAL unit', () => {
    const annexB = bytes(0, 0, 1, 0x65, 0, 0, 3, 1, 0x42);
    const sample = lengthPrefixedSample(annexB, VideoCodec.H264);
    assert.deepEqual([...sample], [0, 0, 0, 6, 0x65, 0, 0, 3, 1, 0x42]);
  });

  it('drops access unit delimiters and SPS/PPS (H.264), VPS/SPS/PPS/AUD (H.265); keeps SEI and slices', () => {
    const h264 = bytes(
      0,
      0,
      0,
      1,
      0x09,
      0xf0,
      0,
      0,
      1,
      0x67,
      1,
      2,
      0,
      0,
      1,
      0x68,
      3,
      0,
      0,
      1,
      0x06,
      5,
      0,
      0,
      1,
      0x65,
      7,
    );
    assert.deepEqual(units(lengthPrefixedSample(h264, VideoCodec.H264), VideoCodec.H264), [
      [6, 2],
      [5, 2],
    ]);
    const nal = (type: number, ...rest: number[]) => [0, 0, 1, type << 1, 1, ...rest];
    const h265 = bytes(
      ...nal(35, 0x50),
      ...nal(32, 1),
      ...nal(33, 2),
      ...nal(34, 3),
      ...nal(39, 4),
      ...nal(19, 5),
    );
    assert.deepEqual(units(lengthPrefixedSample(h265, VideoCodec.HEVC), VideoCodec.HEVC), [
      [39, 3],
      [19, 3],
    ]);
  });

  it("a real capture's access units: every slice kept byte for byte, parameter sets left out", () => {
    for (const [name, codec] of [
      ['h264-aac.mpegts', VideoCodec.H264],
      ['h265.mpegts', VideoCodec.HEVC],
    ] as const) {
      const demuxer = new TsDemuxer({ payloads: [StreamCodec.H264, StreamCodec.HEVC] });
      let checked = 0;
      for (const event of [...demuxer.push(fixture(name), 0), ...demuxer.flush(0)]) {
        if (event.type !== 'access-unit' || event.unit.payload === undefined) continue;
        const payload = event.unit.payload;
        const sample = lengthPrefixedSample(payload, codec);
        const kept = units(sample, codec);
        const all = nalUnits(payload).map(([s, e]) => {
          const h = payload[s]!;
          return [codec === VideoCodec.H264 ? h & 0x1f : (h >> 1) & 0x3f, e - s] as [number, number];
        });
        const dropped = codec === VideoCodec.H264 ? [7, 8, 9] : [32, 33, 34, 35];
        assert.deepEqual(
          kept,
          all.filter(([t]) => !dropped.includes(t)),
        );
        if (event.unit.keyframe)
          assert.ok(
            all.some(([t]) => dropped.includes(t)),
            'keyframes carry parameter sets in band',
          );
        checked++;
      }
      assert.equal(checked, 60, name);
    }
  });
});
