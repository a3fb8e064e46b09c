import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TsDemuxer } from '../../../../streamer/mpegts/ts-demuxer.js';
import { type AccessUnit, StreamCodec } from '../../../../streamer/mpegts/types.js';
import { demux, fixture } from './helpers.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/mpegts/', import.meta.url));

/** The elementary stream FFmpeg demuxes from a capture: every packet's bytes, as they came. */
function ffmpegStream(name: string, stream: 'v' | 'a'): Buffer {
  return execFileSync(
    'ffmpeg',
    ['-v', 'error', '-i', FIXTURES + name, '-map', `0:${stream}`, '-c', 'copy', '-f', 'data', 'pipe:1'],
    { maxBuffer: 16 * 1024 * 1024 },
  );
}

function units(demuxed: ReturnType<typeof demux>, codec: StreamCodec): AccessUnit[] {
  return demuxed.units.filter((u) => u.codec === codec);
}

describe('TsDemuxer payloads: the elementary stream bytes of each access unit, only when asked', () => {
  for (const [name, codec] of [
    ['h264-pes-length.mpegts', StreamCodec.H264],
    ['h264-no-pes-length.mpegts', StreamCodec.H264],
    ['h265.mpegts', StreamCodec.HEVC],
    ['h264-aac.mpegts', StreamCodec.AAC],
  ] as const) {
    it(`${name} ${codec}: the units' payloads, joined, are the stream FFmpeg demuxes, in odd-sized chunks too`, () => {
      const expected = ffmpegStream(name, codec === StreamCodec.AAC ? 'a' : 'v');
      for (const sizes of [[1 << 20], [7, 188, 1000, 61]]) {
        const demuxer = new TsDemuxer({ payloads: [codec] });
        const found = units(demux(fixture(name), sizes, demuxer), codec);
        assert.ok(found.length >= 60);
        assert.ok(found.every((u) => u.payload !== undefined));
        assert.deepEqual(Buffer.concat(found.map((u) => u.payload!)), expected);
      }
    });
  }

  it('AAC payloads are whole ADTS frames (syncword first), video payloads start with a start code', () => {
    const demuxer = new TsDemuxer({ payloads: [StreamCodec.H264, StreamCodec.AAC] });
    const events = demux(fixture('h264-aac.mpegts'), [1 << 20], demuxer);
    for (const unit of units(events, StreamCodec.AAC))
      assert.deepEqual([...unit.payload!.subarray(0, 2)], [0xff, 0xf1]);
    for (const unit of units(events, StreamCodec.H264))
      assert.deepEqual([...unit.payload!.subarray(0, 3)], [0, 0, 0]);
  });

  it('the MPEG-TS path asks for nothing and pays no copy: no payload on any unit', () => {
    const all = demux(fixture('h264-aac.mpegts')).units;
    assert.ok(all.length > 100);
    assert.ok(all.every((u) => u.payload === undefined));
    // Asked for AAC only: video units still carry none.
    const audioOnly = demux(
      fixture('h264-aac.mpegts'),
      [1 << 20],
      new TsDemuxer({ payloads: [StreamCodec.AAC] }),
    );
    assert.ok(units(audioOnly, StreamCodec.H264).every((u) => u.payload === undefined));
    assert.ok(units(audioOnly, StreamCodec.AAC).every((u) => u.payload !== undefined));
  });
});
