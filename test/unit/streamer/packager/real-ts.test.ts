import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { TsDemuxer } from '../../../../streamer/mpegts/ts-demuxer.js';
import type { Packager } from '../../../../streamer/packager/packager.js';
import { renderPlaylist } from '../../../../streamer/packager/playlist.js';
import { parseM3u8 } from './parse-m3u8.js';
import { ffprobeVideoPackets, packageBytes } from './real-ts-helpers.js';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/mpegts/${name}`, import.meta.url));

/** Real FFmpeg TS through H1's demuxer into the packager, 1316-byte chunks (a UDP-sized pipe read). */
function packageFile(
  name: string,
  options: { frameRate?: number; parts?: boolean; keyframeInterval?: number } = {},
): Packager {
  return packageBytes(fixture(name), options);
}

describe('real MPEG-TS through TsDemuxer and the packager', () => {
  for (const name of ['h264-aac.mpegts', 'h264-no-pes-length.mpegts', 'h264-pes-length.mpegts']) {
    it(`${name}: 2 s at 30 fps, GOP 30 → 2 segments of ten 0.1 s parts`, () => {
      const packager = packageFile(name);
      const w = packager.window;
      assert.equal(packager.advertised?.frameTicks, 3000); // estimated from PTS
      assert.equal(w.segments.length, 2);
      for (const segment of w.segments) {
        assert.equal(segment.parts.length, 10);
        for (const part of segment.parts) assert.equal(part.duration, 0.1);
        assert.equal(segment.parts[0]!.independent, true);
        assert.equal(
          Buffer.compare(
            Buffer.from(w.segmentBytes(segment)),
            Buffer.concat(segment.parts.map((p) => p.bytes)),
          ),
          0,
        );
      }
      const m = parseM3u8(renderPlaylist(w)!);
      assert.deepEqual(
        m.segments.map((s) => s.duration),
        [1, 1],
      );
    });
  }

  it('every part demuxes alone with ffprobe and holds its 3 frames; a segment holds 30', () => {
    const packager = packageFile('h264-aac.mpegts', { frameRate: 30 });
    const segment = packager.window.segments[0]!;
    for (const part of segment.parts) assert.equal(ffprobeVideoPackets(part.bytes), 3, part.uri);
    assert.equal(ffprobeVideoPackets(packager.window.segmentBytes(segment)), 30);
  });

  it("FFmpeg's fixed GOP (-g 30) keeps the promise: the same segments, none mismatched, with or without parts", () => {
    for (const parts of [true, false]) {
      const promised = packageFile('h264-aac.mpegts', { parts, keyframeInterval: 30 });
      const learnt = packageFile('h264-aac.mpegts', { parts });
      assert.equal(promised.stats.gopMismatches, 0);
      const shape = (p: Packager) =>
        p.window.segments.map((s) => [s.firstPts, s.duration, s.parts.length, s.parts[0]!.independent]);
      assert.deepEqual(shape(promised), shape(learnt));
      assert.deepEqual(
        promised.window.segments.map((s) => s.complete),
        [true, true],
      );
    }
  });

  it('the output has no continuity errors when demuxed again', () => {
    const packager = packageFile('h264-aac.mpegts');
    const again = new TsDemuxer();
    for (const segment of packager.window.segments) again.push(packager.window.segmentBytes(segment), 0);
    again.flush(0);
    assert.equal(again.stats.continuityErrors, 0);
    assert.equal(again.stats.resyncBytes, 0);
  });

  it('PTS crossing 2^33 (pts-wrap.mpegts): durations stay right, and the wrap is no discontinuity', () => {
    const packager = packageFile('pts-wrap.mpegts');
    const parts = packager.window.segments.flatMap((s) => s.parts);
    assert.ok(parts.length >= 25);
    for (const part of parts.slice(0, -1)) {
      assert.ok(part.duration > 0 && part.duration <= 0.1, `${part.uri} ${part.duration}`);
    }
    // The wrap is 0.22 s into the first segment: one timeline, the next segment 1 s of media on
    // (a wrap read as a DTS going back would start a new timeline with EXT-X-DISCONTINUITY).
    const { stats, window } = packager;
    assert.deepEqual([stats.discontinuities, stats.backwardJumps, stats.forwardJumps], [0, 0, 0]);
    assert.ok(window.segments.every((s) => !s.discontinuity));
    assert.doesNotMatch(renderPlaylist(window)!, /#EXT-X-DISCONTINUITY\n/);
    const [first, second] = window.segments;
    assert.ok(first!.firstPts < 2 ** 33 && second!.firstPts > 2 ** 33);
    assert.equal(second!.firstPts - first!.firstPts, 90_000);
    assert.equal(first!.duration, 1);
  });
});
