import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AAC_FRAME_SAMPLES,
  audioSpecificConfig,
  readAdtsFrame,
  readAdtsFrames,
  sameAdtsConfig,
} from '../../../../streamer/codec/adts.js';
import { aacCodecsString } from '../../../../streamer/codec/codecs-string.js';
import { TsDemuxer } from '../../../../streamer/mpegts/ts-demuxer.js';
import { StreamCodec } from '../../../../streamer/mpegts/types.js';
import { demux, fixture, truth } from '../mpegts/helpers.js';

/** An ADTS header (no CRC) for a frame of `length` bytes in all: AAC LC, 48 kHz, stereo. */
function header(
  length: number,
  { protectionAbsent = true, frequencyIndex = 3, channels = 2 } = {},
): number[] {
  return [
    0xff,
    0xf0 | (protectionAbsent ? 1 : 0),
    (1 << 6) | (frequencyIndex << 2) | (channels >> 2),
    ((channels & 3) << 6) | (length >> 11),
    (length >> 3) & 0xff,
    ((length & 7) << 5) | 0x1f,
    0xfc,
  ];
}

describe('ADTS (ISO/IEC 14496-3 §1.A.2)', () => {
  it('reads object type, frequency, channels and where the raw frame lies; a CRC adds 2 header bytes', () => {
    const frame = new Uint8Array([...header(10), 1, 2, 3]);
    assert.deepEqual(readAdtsFrame(frame, 0), {
      config: { objectType: 2, samplingFrequencyIndex: 3, sampleRate: 48_000, channelConfiguration: 2 },
      dataStart: 7,
      dataLength: 3,
      end: 10,
    });
    const crc = new Uint8Array([...header(12, { protectionAbsent: false }), 0xab, 0xcd, 1, 2, 3]);
    assert.equal(readAdtsFrame(crc, 0)?.dataStart, 9);
    assert.equal(readAdtsFrame(crc, 0)?.dataLength, 3);
  });

  it('refuses what is no ADTS frame: no syncword, a reserved frequency index, a length past the buffer', () => {
    assert.equal(readAdtsFrame(new Uint8Array([0xff, 0x00, 0, 0, 0, 0, 0]), 0), null);
    assert.equal(readAdtsFrame(new Uint8Array([...header(10, { frequencyIndex: 13 }), 1, 2, 3]), 0), null);
    assert.equal(readAdtsFrame(new Uint8Array([...header(40), 1, 2, 3]), 0), null);
    assert.equal(readAdtsFrame(new Uint8Array([...header(5)]), 0), null);
  });

  it('splits a PES payload into its frames and stops at garbage', () => {
    const payload = new Uint8Array([...header(9), 1, 2, ...header(8), 3, 0x00, 0x11]);
    assert.deepEqual(
      readAdtsFrames(payload).map((f) => [f.dataStart, f.dataLength]),
      [
        [7, 2],
        [16, 1],
      ],
    );
  });

  it('AudioSpecificConfig and CODECS: AAC LC 48 kHz stereo is 0x1190 and mp4a.40.2', () => {
    const config = { objectType: 2, samplingFrequencyIndex: 3, sampleRate: 48_000, channelConfiguration: 2 };
    assert.deepEqual([...audioSpecificConfig(config)], [0x11, 0x90]);
    assert.deepEqual(
      [...audioSpecificConfig({ ...config, samplingFrequencyIndex: 4, channelConfiguration: 1 })],
      [0x12, 0x08],
    );
    assert.equal(aacCodecsString(2), 'mp4a.40.2');
    assert.ok(sameAdtsConfig(config, { ...config }));
    assert.ok(!sameAdtsConfig(config, { ...config, channelConfiguration: 1 }));
    assert.ok(!sameAdtsConfig(config, null));
  });

  it("a real capture (FFmpeg's aac, 48 kHz): one frame per PES, 1024 samples = 1920 ticks apart, as ffprobe says", () => {
    const demuxed = demux(
      fixture('h264-aac.mpegts'),
      [1 << 20],
      new TsDemuxer({ payloads: [StreamCodec.AAC] }),
    );
    const audio = demuxed.units.filter((u) => u.codec === StreamCodec.AAC);
    const frames = audio.map((u) => readAdtsFrames(u.payload!));
    assert.ok(frames.every((f) => f.length === 1));
    assert.deepEqual(frames[0]![0]!.config, {
      objectType: 2,
      samplingFrequencyIndex: 3,
      sampleRate: 48_000,
      channelConfiguration: 1,
    });
    const probe = truth('h264-aac.mpegts').streams.find((s) => s.codec === 'aac')!;
    assert.equal(audio.length, probe.units.length);
    for (let i = 1; i < audio.length; i++)
      assert.equal(audio[i]!.pts - audio[i - 1]!.pts, (AAC_FRAME_SAMPLES * 90_000) / 48_000);
  });
});
