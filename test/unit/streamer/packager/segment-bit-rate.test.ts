import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Segment } from '../../../../streamer/packager/media-types.js';
import { renderMultivariantPlaylist } from '../../../../streamer/packager/multivariant-playlist.js';
import { segmentBitRates } from '../../../../streamer/packager/segment-bit-rate.js';

/** A segment of `bytes` over `duration` seconds (one part holds the bytes). */
function segment(bytes: number, duration: number, complete = true): Segment {
  return {
    msn: 0,
    uri: 'seg0.ts',
    map: null,
    discontinuity: false,
    parts: [{ bytes: new Uint8Array(bytes) } as Segment['parts'][number]],
    complete,
    duration,
    firstPts: 0,
    capture: 0,
    publish: 0,
  };
}

describe('segment bit rates (RFC 8216bis 4.4.6.2: BANDWIDTH, AVERAGE-BANDWIDTH)', () => {
  it('peak: "the largest bit rate of any contiguous set of Media Segments whose cumulative duration is <= the target duration"', () => {
    // Target 2 s: the last segment alone (150 kB in 0.5 s: 2.4 Mbit/s) beats every single one and
    // every pair (2 Mbit/s at most).
    const segments = [segment(125_000, 1), segment(250_000, 1), segment(250_000, 1), segment(150_000, 0.5)];
    assert.deepEqual(segmentBitRates(segments, 2), {
      peak: 2_400_000,
      average: Math.ceil((8 * 775_000) / 3.5),
    });
  });

  it('every single segment counts, also one longer than the target (its EXTINF rounds to it)', () => {
    assert.deepEqual(segmentBitRates([segment(130_000, 1.033)], 1)?.peak, Math.ceil((8 * 130_000) / 1.033));
  });

  it('only complete segments count; none complete: null (BANDWIDTH cannot be measured yet)', () => {
    assert.equal(segmentBitRates([segment(100, 0.3, false)], 1), null);
    assert.equal(segmentBitRates([], 1), null);
    assert.deepEqual(segmentBitRates([segment(100_000, 1), segment(900_000, 0.4, false)], 1), {
      peak: 800_000,
      average: 800_000,
    });
  });
});

describe('multivariant playlist (RFC 8216bis 4.4.6.2)', () => {
  it('one EXT-X-STREAM-INF with the attributes known, then the media playlist URI', () => {
    const text = renderMultivariantPlaylist({
      uri: 'playlist.m3u8',
      bitRates: { peak: 2_812_544, average: 2_711_070 },
      codecs: ['hvc1.1.6.L93.B0', 'mp4a.40.2'],
      width: 1280,
      height: 720,
      frameRate: 29.97,
    });
    assert.equal(
      text,
      '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=2812544,AVERAGE-BANDWIDTH=2711070,CODECS="hvc1.1.6.L93.B0,mp4a.40.2",RESOLUTION=1280x720,FRAME-RATE=29.970\nplaylist.m3u8\n',
    );
    const bare = renderMultivariantPlaylist({
      uri: 'playlist.m3u8',
      bitRates: { peak: 1, average: 1 },
      codecs: [],
      width: null,
      height: null,
      frameRate: null,
    });
    assert.equal(bare, '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,AVERAGE-BANDWIDTH=1\nplaylist.m3u8\n');
  });
});
