import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readAdtsFrame } from '../../../../streamer/codec/adts.js';
import { describeVideo } from '../../../../streamer/codec/describe-video.js';
import type { ParameterSets } from '../../../../streamer/codec/parameter-sets.js';
import { avcDecoderConfig } from '../../../../streamer/fmp4/decoder-config.js';
import { initSegment } from '../../../../streamer/fmp4/init-segment.js';
import { audioTrack, videoTrack } from '../../../../streamer/fmp4/tracks.js';
import { TsDemuxer } from '../../../../streamer/mpegts/ts-demuxer.js';
import { StreamCodec } from '../../../../streamer/mpegts/types.js';
import { readMp4 } from '../../../helpers/mp4-reader.js';
import { demux, fixture } from '../mpegts/helpers.js';

function capture(name: string) {
  const demuxed = demux(fixture(name), [1 << 20], new TsDemuxer({ payloads: [StreamCodec.AAC] }));
  const sets = demuxed.events.find((e) => e.type === 'parameter-sets')?.sets as ParameterSets;
  const aac = demuxed.units.find((u) => u.codec === StreamCodec.AAC);
  return { sets, adts: aac === undefined ? null : readAdtsFrame(aac.payload!, 0)!.config };
}

describe('init segment: ftyp + moov with avcC / hvcC / esds (ISO/IEC 14496-12, -15; CMAF header)', () => {
  for (const name of ['h264-aac.mpegts', 'ffmpeg-defaults.mpegts', 'h265.mpegts']) {
    it(`${name}: mp4box.js reads the track, its codec string is the SPS's CODECS, its size the SPS's`, () => {
      const { sets, adts } = capture(name);
      const video = videoTrack(1, sets)!;
      const tracks = adts === null ? [video] : [video, audioTrack(2, adts)];
      const file = readMp4(initSegment(tracks));
      assert.deepEqual(file.boxes, ['ftyp', 'moov']);
      assert.deepEqual(file.brands, ['iso6', 'iso6', 'mp41']);
      const description = describeVideo(sets)!;
      const [v, a] = file.tracks;
      assert.deepEqual(
        [v?.id, v?.type, v?.codec, v?.timescale, v?.width, v?.height],
        [1, 'video', description.codecs, 90_000, description.width, description.height],
      );
      if (adts !== null) {
        assert.deepEqual(
          [a?.id, a?.type, a?.codec, a?.timescale, a?.sampleRate, a?.channels],
          [2, 'audio', 'mp4a.40.2', 48_000, 48_000, 1],
        );
      } else assert.equal(a, undefined);
    });
  }

  it('avcC byte by byte: version 1, profile/compatibility/level from the SPS, 4-byte lengths, every SPS and PPS', () => {
    const { sets } = capture('h264-aac.mpegts');
    const sps = sets.sps[0]!;
    const pps = sets.pps[0]!;
    const record = avcDecoderConfig(sets, describeVideo(sets)!.sps as never);
    assert.deepEqual(
      [...record],
      [1, sps[1], sps[2], sps[3], 0xff, 0xe1, 0, sps.length, ...sps, 1, 0, pps.length, ...pps],
    );
  });

  it('avcC of a High profile stream adds chroma format and bit depths (14496-15 §5.3.3.1.2)', () => {
    const { sets } = capture('ffmpeg-defaults.mpegts');
    const record = avcDecoderConfig(sets, describeVideo(sets)!.sps as never);
    assert.equal(record[1], 100);
    assert.deepEqual([...record.subarray(-4)], [0xfc | 1, 0xf8, 0xf8, 0]);
  });

  it('no video track without a PPS (or, for H.265, a VPS) or with an unreadable SPS', () => {
    const { sets } = capture('h265.mpegts');
    assert.equal(videoTrack(1, { ...sets, vps: [] }), null);
    assert.equal(videoTrack(1, { ...sets, pps: [] }), null);
    assert.equal(videoTrack(1, { ...sets, sps: [new Uint8Array([0x42, 0x01, 1])] }), null);
  });

  it('audio only: one mp4a track, ids and next_track_ID follow the tracks', () => {
    const { adts } = capture('h264-aac.mpegts');
    const file = readMp4(initSegment([audioTrack(1, adts!)]));
    assert.deepEqual(
      file.tracks.map((t) => [t.id, t.codec]),
      [[1, 'mp4a.40.2']],
    );
  });
});
