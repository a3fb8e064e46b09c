import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { avcCodecsString, hevcCodecsString } from '../../../../streamer/codec/codecs-string.js';
import { describeVideo } from '../../../../streamer/codec/describe-video.js';
import { parseH264Sps } from '../../../../streamer/codec/h264-sps.js';
import type { ParameterSets } from '../../../../streamer/codec/parameter-sets.js';
import { unescapeRbsp } from '../../../../streamer/codec/rbsp-reader.js';
import { TsDemuxer } from '../../../../streamer/mpegts/ts-demuxer.js';
import { fixture } from '../mpegts/helpers.js';

/** The parameter sets the demuxer copied from a capture's first keyframe. */
function setsOf(name: string): ParameterSets {
  for (const event of new TsDemuxer().push(fixture(name), 0))
    if (event.type === 'parameter-sets') return event.sets;
  throw new Error(`${name}: no parameter sets`);
}

describe('parameter sets and CODECS strings from real captures', () => {
  it('H.264 (libx264 ultrafast, 320x180): Constrained Baseline 1.3 → avc1.42c00d, size from the SPS', () => {
    const video = describeVideo(setsOf('h264-aac.mpegts'));
    // ffprobe: profile Constrained Baseline, level 13, 320x180 (a cropped 320x192 coded frame).
    assert.deepEqual(
      [video?.codec, video?.codecs, video?.width, video?.height],
      ['h264', 'avc1.42c00d', 320, 180],
    );
  });

  it('H.264 High with B-frames (FFmpeg defaults): avc1.64000d, 4:2:0 8-bit', () => {
    const video = describeVideo(setsOf('ffmpeg-defaults.mpegts'));
    assert.equal(video?.codecs, 'avc1.64000d');
    assert.ok(video?.codec === 'h264' && video.sps.chromaFormatIdc === 1 && video.sps.bitDepthLuma === 8);
  });

  it('H.265 (libx265 Main, level 2): hvc1.1.6.L60.90, VPS/SPS/PPS kept whole', () => {
    const sets = setsOf('h265.mpegts');
    assert.deepEqual([sets.vps.length, sets.sps.length, sets.pps.length], [1, 1, 1]);
    assert.deepEqual(
      [(sets.vps[0]![0]! >> 1) & 0x3f, (sets.sps[0]![0]! >> 1) & 0x3f, (sets.pps[0]![0]! >> 1) & 0x3f],
      [32, 33, 34],
    );
    const video = describeVideo(sets);
    assert.ok(video?.codec === 'hevc');
    assert.equal(video.codecs, 'hvc1.1.6.L60.90');
    assert.deepEqual(
      [video.width, video.height, video.sps.profileIdc, video.sps.levelIdc],
      [320, 180, 1, 60],
    );
  });
});

describe('CODECS strings (RFC 6381, ISO/IEC 14496-15 Annex E)', () => {
  it('avc1.PPCCLL in hex', () => {
    assert.equal(avcCodecsString({ profileIdc: 100, constraintFlags: 0, levelIdc: 31 }), 'avc1.64001f');
  });
  it('hvc1: compatibility flags reversed, tier letter, trailing zero constraint bytes left out', () => {
    const ptl = {
      profileSpace: 0,
      highTier: false,
      profileIdc: 2,
      compatibilityFlags: 0x20000000, // flag 2 (Main 10)
      constraintFlags: new Uint8Array([0xb0, 0, 0, 0, 0, 0]),
      levelIdc: 123,
    };
    assert.equal(hevcCodecsString(ptl), 'hvc1.2.4.L123.B0');
    assert.equal(hevcCodecsString({ ...ptl, highTier: true, profileSpace: 1 }, 'hev1'), 'hev1.A2.4.H123.B0');
    assert.equal(
      hevcCodecsString({ ...ptl, constraintFlags: new Uint8Array([0x90, 0, 0x08, 0, 0, 0]) }),
      'hvc1.2.4.L123.90.0.8',
    );
  });
});

describe('RBSP', () => {
  it('drops emulation prevention bytes (0x000003 → 0x0000) and nothing else', () => {
    assert.deepEqual(
      [...unescapeRbsp(new Uint8Array([0x67, 0, 0, 3, 1, 0, 3, 0, 0, 3]))],
      [0x67, 0, 0, 1, 0, 3, 0, 0],
    );
  });
  it('an SPS that is cut short is unreadable, not a throw', () => {
    const sps = setsOf('h264-aac.mpegts').sps[0]!;
    assert.equal(parseH264Sps(sps.subarray(0, 6)), null);
    assert.equal(parseH264Sps(new Uint8Array([0x68, 1, 2, 3])), null, 'a PPS is no SPS');
  });
});
