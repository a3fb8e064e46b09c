import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { describeVideo } from '../../../../streamer/codec/describe-video.js';
import { TsDemuxer } from '../../../../streamer/mpegts/ts-demuxer.js';
import type { Segment } from '../../../../streamer/packager/media-types.js';
import { Packager } from '../../../../streamer/packager/packager.js';
import { renderPlaylist } from '../../../../streamer/packager/playlist.js';
import { playlistBreaches } from '../../../helpers/playlist-rules.js';
import { feedInChunks, ffprobeVideoPackets } from './real-ts-helpers.js';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/mpegts/${name}`, import.meta.url));

interface Packaged {
  packager: Packager;
  /** Every playlist version as rendered after each push. */
  playlists: string[];
  /** The PTS of each frame whose capture was asked with anew = true (a new timeline). */
  anchors: number[];
}

/** A fixture through the demuxer and the packager in 1316-byte chunks, every playlist kept. */
function packageFile(name: string, keyframeInterval?: number): Packaged {
  const bytes = fixture(name);
  const demuxer = new TsDemuxer();
  const anchors: number[] = [];
  const packager = new Packager({
    segmentTarget: 1,
    partTarget: 0.1,
    windowSegments: 20,
    ...(keyframeInterval === undefined ? {} : { keyframeInterval, frameRate: 30 }),
    captureTime: (pts, _arrival, anew) => {
      if (anew) anchors.push(pts);
      return 1_700_000_000_000 + pts / 90;
    },
  });
  const playlists: string[] = [];
  packager.window.on('update', () => {
    const text = renderPlaylist(packager.window);
    if (text !== null) playlists.push(text);
  });
  feedInChunks(bytes, demuxer, packager);
  return { packager, playlists, anchors };
}

/** The video DTS of a fixture, in decode order, from ffprobe. */
function probeDts(name: string): number[] {
  const out = execFileSync('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'packet=dts',
    '-of',
    'csv=p=0',
    new URL(`../../../fixtures/mpegts/${name}`, import.meta.url).pathname,
  ]);
  return out
    .toString()
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => Number(line.split(',')[0]));
}

/** Each segment lasts from its first frame to the next segment's first frame (same timeline). */
function assertDurationsFromPts(segments: readonly Segment[]): number {
  let checked = 0;
  for (let i = 0; i + 1 < segments.length; i++) {
    const [a, b] = [segments[i]!, segments[i + 1]!];
    if (b.discontinuity || !a.complete) continue;
    assert.equal(a.duration.toFixed(5), ((b.firstPts - a.firstPts) / 90_000).toFixed(5), `msn ${a.msn}`);
    checked++;
  }
  return checked;
}

/** Frames decoded from bytes alone (FFmpeg), and whether it complained. */
function decodeAlone(bytes: Uint8Array): { frames: number; errors: string } {
  const result = spawnSync(
    'ffmpeg',
    ['-hide_banner', '-v', 'error', '-f', 'mpegts', '-i', 'pipe:0', '-map', '0:v:0', '-f', 'framemd5', '-'],
    { input: bytes },
  );
  const frames = result.stdout
    .toString()
    .split('\n')
    .filter((l) => /^\d+,/.test(l)).length;
  return { frames, errors: result.stderr.toString().trim() };
}

describe('the timeline tells the truth on inputs other tools make', () => {
  it('every playlist version of every fixture keeps the hard rules', () => {
    for (const name of [
      'blocked-pipe.mpegts',
      'restart-into-pipe.mpegts',
      'ffmpeg-defaults.mpegts',
      'h265.mpegts',
      'pts-wrap.mpegts',
      'cc-errors.mpegts',
      'garbage-middle.mpegts',
    ]) {
      const { playlists } = packageFile(name);
      assert.ok(playlists.length > 20, name);
      for (const text of playlists) assert.deepEqual(playlistBreaches(text), [], `${name}\n${text}`);
    }
  });

  it('blocked pipe: the 1.4 s PTS jump is a discontinuity, not hidden in a 0.1 s part; PDT re-anchored', () => {
    const { packager, anchors } = packageFile('blocked-pipe.mpegts');
    const dts = probeDts('blocked-pipe.mpegts');
    const jumpAt = dts.findIndex((d, i) => i > 0 && d - dts[i - 1]! > 9000);
    assert.ok(jumpAt > 0);
    const segments = packager.window.segments;
    assert.equal(packager.stats.forwardJumps, 1);
    assert.equal(packager.stats.backwardJumps, 0);
    const broken = segments.findIndex((s) => s.discontinuity);
    assert.ok(broken > 0, 'EXT-X-DISCONTINUITY after the jump');
    // The segment before the jump lasts as long as its frames, not the gap after them.
    const before = segments[broken - 1]!;
    assert.equal(
      before.duration.toFixed(5),
      ((dts[jumpAt - 1]! + 3000 - before.firstPts) / 90_000).toFixed(5),
    );
    // The frames between the jump and the next keyframe (-g 40: frame 40) cannot start a
    // decodable segment: they are dropped, and the new timeline starts on that keyframe.
    assert.equal(segments[broken]!.firstPts, dts[40]);
    assert.equal(packager.stats.droppedFrames, 40 - jumpAt);
    assert.deepEqual(anchors, [dts[0], dts[40]], 'capture times anchor anew at each timeline start');
    assert.ok(assertDurationsFromPts(segments) >= 1);
  });

  it("two encoders into one pipe: the backward jump is a discontinuity on the second one's first keyframe", () => {
    const { packager, anchors } = packageFile('restart-into-pipe.mpegts');
    const dts = probeDts('restart-into-pipe.mpegts');
    const restartAt = dts.findIndex((d, i) => i > 0 && d < dts[i - 1]!);
    assert.equal(restartAt, 45);
    assert.equal(packager.stats.backwardJumps, 1);
    const segments = packager.window.segments;
    const broken = segments.filter((s) => s.discontinuity);
    assert.equal(broken.length, 1);
    assert.equal(broken[0]!.firstPts, dts[45]);
    assert.equal(packager.stats.droppedFrames, 0, 'the second encoder starts with a keyframe');
    // Before the fix the open segment never completed: it grew under TARGETDURATION 1.
    for (const segment of segments)
      assert.ok(segment.duration <= 1.00001, `${segment.msn} ${segment.duration}`);
    assert.deepEqual(anchors, [dts[0], dts[45]]);
    assert.ok(assertDurationsFromPts(segments) >= 2);
  });

  it('FFmpeg with its defaults (B-frames, mux delay, no PES lengths): 1 s segments of 0.1 s parts from the DTS', () => {
    const { packager } = packageFile('ffmpeg-defaults.mpegts');
    assert.equal(packager.advertised?.frameTicks, 3000, 'learnt from DTS steps, not reordered PTS');
    const [s0, s1] = packager.window.segments;
    for (const segment of [s0!, s1!]) {
      assert.equal(segment.parts.length, 10);
      assert.ok(segment.parts.every((p) => p.duration === 0.1));
    }
    assert.equal(s0!.duration.toFixed(5), '1.00000');
    // Each segment decodes alone; each part holds its 3 frames whole (ffprobe demuxes it alone).
    for (const segment of [s0!, s1!]) {
      assert.deepEqual(decodeAlone(packager.window.segmentBytes(segment)), { frames: 30, errors: '' });
      for (const part of segment.parts) assert.equal(ffprobeVideoPackets(part.bytes), 3, part.uri);
    }
  });

  it('H.265: cut at IRAP pictures, every part and segment decodes alone, codec from the SPS', () => {
    const { packager } = packageFile('h265.mpegts');
    const segments = packager.window.segments;
    assert.equal(segments.length, 2);
    for (const segment of segments) {
      assert.equal(segment.parts.length, 10);
      assert.equal(segment.parts[0]!.independent, true);
      assert.ok(segment.parts.slice(1).every((p) => !p.independent));
      const whole = decodeAlone(packager.window.segmentBytes(segment));
      assert.deepEqual(whole, { frames: 30, errors: '' }, `segment ${segment.msn}`);
    }
    // A part that starts with its keyframe decodes alone; the others need the frames before them
    // (as any LL-HLS part without INDEPENDENT=YES): they decode after the segment's first part.
    const first = segments[1]!.parts[0]!;
    assert.deepEqual(decodeAlone(first.bytes), { frames: 3, errors: '' });
    const upToPart = (n: number) => Buffer.concat(segments[1]!.parts.slice(0, n + 1).map((p) => p.bytes));
    assert.deepEqual(decodeAlone(upToPart(4)), { frames: 15, errors: '' });
    const sets = packager.parameterSets;
    assert.ok(sets !== null);
    assert.deepEqual([sets.codec, sets.vps.length, sets.sps.length, sets.pps.length], ['hevc', 1, 1, 1]);
    const video = describeVideo(sets);
    assert.deepEqual([video?.codecs, video?.width, video?.height], ['hvc1.1.6.L60.90', 320, 180]);
  });

  it('the fixed-GOP promise holds on H.265 too (our encoder with libx265 would keep -g)', () => {
    const promised = packageFile('h265.mpegts', 30);
    assert.equal(promised.packager.stats.gopMismatches, 0);
    assert.deepEqual(
      promised.packager.window.segments.map((s) => [s.firstPts, s.duration, s.complete]),
      [
        [0, 1, true],
        [90_000, 1, true],
      ],
    );
  });
});
