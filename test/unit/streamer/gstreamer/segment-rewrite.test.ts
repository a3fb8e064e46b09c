import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { readSegmentFile, type SegmentFile } from '../../../../streamer/gstreamer/segment-file.js';
import { rewriteSegment } from '../../../../streamer/gstreamer/segment-rewrite.js';
import { ffmpegDecode, ffprobePackets, join, readMp4 } from '../../../helpers/mp4-reader.js';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../../../fixtures/gstreamer/${name}`, import.meta.url)));

function read(bytes: Uint8Array): SegmentFile {
  const result = readSegmentFile(bytes);
  if (!result.ok) throw new Error(`${result.kind}: ${result.reason}`);
  return result.file;
}

const files = ['seg00000.mp4', 'seg00001.mp4', 'seg00002.mp4'].map((name) => read(fixture(name)));

/** The files rewritten one after the other, as the segment feed does. */
function rewriteAll(list: SegmentFile[]): Uint8Array[] {
  let base = 0;
  let sequence = 1;
  return list.map((file) => {
    const out = rewriteSegment(file, { baseDecodeTime: base, firstSequence: sequence });
    base += file.duration;
    sequence += file.fragments.length;
    return out;
  });
}

describe('readSegmentFile on splitmuxsink files', () => {
  test('reads ftyp+moov as the init, 15 frames of 100 ticks (1500 Hz) in 5 fragments, and the restarting tfdt', () => {
    for (const file of files) {
      assert.equal(file.timescale, 1500);
      assert.equal(file.sampleCount, 15);
      assert.equal(file.duration, 1500);
      assert.deepEqual(file.fragmentSamples, [3, 3, 3, 3, 3]);
      // FINDINGS.md: every file's timeline starts again (at 1 tick with GStreamer 1.22 here).
      assert.ok(file.firstDecodeTime <= 1, `tfdt ${file.firstDecodeTime}`);
      assert.deepEqual(readMp4(file.init).boxes, ['ftyp', 'moov']);
    }
  });

  test('a file still being written is incomplete at every cut, never read as whole', () => {
    const bytes = fixture('seg00001.mp4');
    for (const cut of [0, 7, 32, 100, 1000, bytes.length - 59, bytes.length - 1]) {
      const result = readSegmentFile(bytes.subarray(0, cut));
      assert.equal(result.ok, false, `cut at ${cut}`);
      assert.equal(result.ok === false && result.kind, 'incomplete', `cut at ${cut}`);
    }
  });

  test('garbage and other MP4 layouts are refused with the reason', () => {
    const garbage = readSegmentFile(new TextEncoder().encode('#EXTM3U\n'.repeat(100)));
    assert.equal(garbage.ok, false);
    const moovFirst = fixture('seg00000.mp4');
    const noFtyp = readSegmentFile(moovFirst.subarray(32));
    assert.deepEqual(noFtyp.ok === false && noFtyp.kind, 'invalid');
  });

  test('the decoder configuration is equal across files (btrt differs) and differs for another SPS', () => {
    assert.deepEqual(files[0]!.decoderConfig, files[1]!.decoderConfig);
    assert.notDeepEqual(files[0]!.init, files[1]!.init);
    assert.notDeepEqual(files[0]!.decoderConfig, read(fixture('new-sps-256x144.mp4')).decoderConfig);
  });
});

describe('rewriteSegment', () => {
  const segments = rewriteAll(files);

  test('drops ftyp, moov and mfra: moof/mdat pairs only', () => {
    for (const segment of segments) {
      const boxes = readMp4(join(files[0]!.init, segment)).boxes;
      assert.deepEqual(boxes.slice(0, 2), ['ftyp', 'moov']);
      assert.deepEqual([...new Set(boxes.slice(2))], ['moof', 'mdat']);
    }
  });

  test('tfdt continuous across files and mfhd sequence counted on (mp4box reads it)', () => {
    const fragments = readMp4(join(files[0]!.init, ...segments)).fragments;
    assert.equal(fragments.length, 15);
    let expected = 0;
    fragments.forEach((fragment, i) => {
      assert.equal(fragment.sequence, i + 1);
      const run = fragment.runs[0]!;
      assert.equal(run.baseMediaDecodeTime, expected, `fragment ${i}`);
      expected += run.durations.reduce((a, b) => a + b, 0);
    });
    // Without the rewrite the timeline goes back to ~0 at every file.
    const raw = readMp4(join(...['seg00000.mp4', 'seg00001.mp4'].map(fixture))).fragments;
    assert.ok(raw[5]!.runs[0]!.baseMediaDecodeTime < raw[4]!.runs[0]!.baseMediaDecodeTime);
  });

  test('FFmpeg reads init + segments as one timeline and decodes every frame', async () => {
    const stream = join(files[0]!.init, ...segments);
    const packets = await ffprobePackets(stream);
    assert.equal(packets.length, 45);
    for (let i = 1; i < packets.length; i++) {
      assert.equal(packets[i]!.dts - packets[i - 1]!.dts, 100, `packet ${i}`);
    }
    assert.equal(packets.filter((p) => p.key).length, 3);
    const decoded = await ffmpegDecode(stream);
    assert.equal(decoded.videoFrames, 45);
    assert.equal(decoded.errors, '');
  });

  test('leaves its input unchanged', () => {
    const bytes = fixture('seg00001.mp4');
    const copy = bytes.slice();
    rewriteSegment(read(bytes), { baseDecodeTime: 5000, firstSequence: 9 });
    assert.deepEqual(bytes, copy);
  });
});
