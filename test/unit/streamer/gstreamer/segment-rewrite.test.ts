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

/** Offset of the first `type` box's type field at or after `from` (a byte search: test only). */
function find(bytes: Uint8Array, type: string, from = 0): number {
  const code = [...type].map((c) => c.charCodeAt(0));
  for (let i = from; i + 4 <= bytes.length; i++) if (code.every((c, k) => bytes[i + k] === c)) return i;
  return -1;
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
    // A tfhd flagged base-data-offset-present: offsets absolute in the file, which mean nothing
    // once the file is cut into a segment (CMAF forbids them).
    const absolute = fixture('seg00000.mp4').slice();
    const tfhd = find(absolute, 'tfhd');
    absolute[tfhd + 7] = absolute[tfhd + 7]! | 0x01; // the low byte of its flags
    const refused = readSegmentFile(absolute);
    assert.equal(refused.ok === false && refused.kind, 'invalid');
    assert.match(refused.ok === false ? refused.reason : '', /base_data_offset/);
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

  test('every tfdt written as version 1 (64 bits): decode times past 2^32 (16.5 days at 3000 Hz) go on; FFmpeg decodes them', async () => {
    const base = 2 ** 32 - 700; // the first file crosses 2^32 in its middle
    let at = base;
    const out = files.map((file, i) => {
      const bytes = rewriteSegment(file, { baseDecodeTime: at, firstSequence: 1 + 5 * i });
      at += file.duration;
      return bytes;
    });
    const fragments = readMp4(join(files[0]!.init, ...out)).fragments;
    assert.equal(fragments.length, 15);
    fragments.forEach((fragment, i) => {
      assert.equal(fragment.runs[0]!.baseMediaDecodeTime, base + 300 * i, `fragment ${i}`);
    });
    for (const bytes of out) {
      for (let p = find(bytes, 'tfdt'); p >= 0; p = find(bytes, 'tfdt', p + 4)) {
        assert.equal(bytes[p + 4], 1, 'version 1');
        assert.equal(new DataView(bytes.buffer, bytes.byteOffset).getUint32(p - 4), 20, 'a 20-byte box');
      }
    }
    const stream = join(files[0]!.init, ...out);
    const packets = await ffprobePackets(stream);
    assert.equal(packets.length, 45);
    assert.equal(packets[0]!.dts, base);
    for (let i = 1; i < packets.length; i++) assert.equal(packets[i]!.dts - packets[i - 1]!.dts, 100);
    // The samples are where the widened moofs' trun data offsets say: every frame decodes.
    const decoded = await ffmpegDecode(stream);
    assert.equal(decoded.errors, '');
    assert.equal(decoded.videoFrames, 45);
  });

  test('leaves its input unchanged', () => {
    const bytes = fixture('seg00001.mp4');
    const copy = bytes.slice();
    rewriteSegment(read(bytes), { baseDecodeTime: 5000, firstSequence: 9 });
    assert.deepEqual(bytes, copy);
  });
});
