import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SegmentFeed } from '../../../../streamer/gstreamer/segment-feed.js';
import { readSegmentFile, type SegmentFile } from '../../../../streamer/gstreamer/segment-file.js';
import { renderPlaylist } from '../../../../streamer/packager/playlist.js';
import { ffmpegDecode, join, readMp4 } from '../../../helpers/mp4-reader.js';

const read = (name: string): SegmentFile => {
  const result = readSegmentFile(
    new Uint8Array(readFileSync(new URL(`../../../fixtures/gstreamer/${name}`, import.meta.url))),
  );
  if (!result.ok) throw new Error(result.reason);
  return result.file;
};
const files = ['seg00000.mp4', 'seg00001.mp4', 'seg00002.mp4'].map(read);
const captures = (start: number, n: number): number[] =>
  Array.from({ length: n }, (_, i) => start + (i * 1000) / 15);

test('each file is one segment listed as one part, after EXT-X-MAP, with PDT from its first frame', () => {
  const feed = new SegmentFeed({ segmentDuration: 1, frameRate: 15, windowSegments: 10 });
  for (const [i, file] of files.entries())
    feed.publish(file, captures(1_000_000 + i * 1000, 15), 2_000_000 + i * 1000);
  const text = renderPlaylist(feed.window)!;
  const lines = text.trim().split('\n');
  assert.ok(lines.includes('#EXT-X-PART-INF:PART-TARGET=1.00000'), text);
  assert.ok(lines.includes('#EXT-X-TARGETDURATION:1'), text);
  assert.equal(lines.filter((l) => l.startsWith('#EXT-X-MAP:')).length, 1, text);
  assert.ok(
    lines.indexOf('#EXT-X-MAP:URI="init0.mp4"') < lines.findIndex((l) => l.startsWith('#EXT-X-PART:')),
  );
  assert.deepEqual(
    lines.filter((l) => l.startsWith('#EXT-X-PART:')),
    [0, 1, 2].map((n) => `#EXT-X-PART:DURATION=1.00000,URI="part${n}.m4s",INDEPENDENT=YES`),
  );
  assert.deepEqual(
    lines.filter((l) => l.startsWith('#EXTINF')),
    ['#EXTINF:1.00000,', '#EXTINF:1.00000,', '#EXTINF:1.00000,'],
  );
  // The next file is hinted as the next part (hls.js 1.7 stops on such a playlist without it).
  assert.equal(lines.at(-1), '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="part3.m4s"');
  assert.ok(!text.includes('CAN-SKIP-UNTIL'), text);
  assert.ok(lines.includes(`#EXT-X-PROGRAM-DATE-TIME:${new Date(1_001_000).toISOString()}`));
  const segment = feed.window.segments[1]!;
  assert.equal(segment.parts[0]!.frameCaptures.length, 15);
  assert.equal(segment.firstPts, 90_000);
  assert.deepEqual(feed.stats, { segments: 3, frames: 45, bytes: feed.stats.bytes, initChanges: 0 });
});

test('served bytes: init + segments decode as one stream; a part is its segment', async () => {
  const feed = new SegmentFeed({ segmentDuration: 1, frameRate: 15, windowSegments: 10 });
  for (const [i, file] of files.entries()) feed.publish(file, captures(i * 1000, 15), i * 1000);
  const w = feed.window;
  const init = w.resolve('init0.mp4', 0);
  const segs = [0, 1, 2].map((msn) => w.resolve(`seg${msn}.m4s`, 0));
  assert.equal(init?.kind, 'init');
  const bytes = segs.map((s) => (s?.kind === 'segment' ? s.bytes : new Uint8Array()));
  const part = w.resolve('part1.m4s', 0);
  assert.deepEqual(part?.kind === 'part' && part.part.bytes, bytes[1]);
  const stream = join(init?.kind === 'init' ? init.bytes : new Uint8Array(), ...bytes);
  const decoded = await ffmpegDecode(stream);
  assert.equal(decoded.videoFrames, 45);
  assert.equal(decoded.errors, '');
  const tfdts = readMp4(stream).fragments.map((f) => f.runs[0]!.baseMediaDecodeTime);
  assert.deepEqual(tfdts.slice(4, 6), [1200, 1500]);
});

test('a file with another SPS gets its own init segment and EXT-X-DISCONTINUITY', () => {
  const feed = new SegmentFeed({ segmentDuration: 1, frameRate: 15, windowSegments: 10 });
  feed.publish(files[0]!, captures(0, 15), 0);
  feed.publish(read('new-sps-256x144.mp4'), captures(1000, 15), 1000);
  const lines = renderPlaylist(feed.window)!.split('\n');
  const discontinuity = lines.indexOf('#EXT-X-DISCONTINUITY');
  assert.ok(discontinuity > 0);
  assert.equal(lines[discontinuity + 1], '#EXT-X-MAP:URI="init1.mp4"');
  assert.equal(feed.stats.initChanges, 1);
});

test('--playlist-length: older segments leave the playlist', () => {
  const feed = new SegmentFeed({ segmentDuration: 1, frameRate: 15, windowSegments: 3 });
  for (let i = 0; i < 6; i++) feed.publish(files[i % 3]!, captures(i * 1000, 15), i * 1000);
  assert.deepEqual(
    feed.window.segments.map((s) => s.msn),
    [3, 4, 5],
  );
  assert.equal(feed.window.mediaSequence, 3);
});

test('--part-hold-back is refused as by the llhls engine: below two parts (here segments) or above HOLD-BACK', () => {
  const options = { segmentDuration: 1, frameRate: 15, windowSegments: 10 };
  assert.throws(
    () => new SegmentFeed({ ...options, partHoldBack: 1 }),
    /--part-hold-back: must be at least 2 x/,
  );
  assert.throws(
    () => new SegmentFeed({ ...options, partHoldBack: 4 }),
    /--part-hold-back: must not exceed HOLD-BACK/,
  );
  const feed = new SegmentFeed({ ...options, partHoldBack: 2.5 });
  assert.equal(feed.window.advertised?.partHoldBack, 2.5);
});
