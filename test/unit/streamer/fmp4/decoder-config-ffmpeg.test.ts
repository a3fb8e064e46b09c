import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readAdtsFrame } from '../../../../streamer/codec/adts.js';
import type { ParameterSets } from '../../../../streamer/codec/parameter-sets.js';
import { type BoxSpan, childBox, readBoxes } from '../../../../streamer/fmp4/box-reader.js';
import { initSegment } from '../../../../streamer/fmp4/init-segment.js';
import { audioTrack, videoTrack } from '../../../../streamer/fmp4/tracks.js';
import { TsDemuxer } from '../../../../streamer/mpegts/ts-demuxer.js';
import { StreamCodec } from '../../../../streamer/mpegts/types.js';
import { runAsync } from '../../../helpers/run-async.js';
import { demux, fixture } from '../mpegts/helpers.js';

// hvcC and esds, byte level, against an independent writer: FFmpeg remuxing the same capture
// (`-c copy` into an MP4 file) writes its own HEVCDecoderConfigurationRecord and ES_Descriptor from the
// same parameter sets and ADTS header. Ours must say the same thing.
// @see ISO/IEC 14496-15 §8.3.3.1 (hvcC), ISO/IEC 14496-1 §7.2.6.5-7.2.6.7 (esds descriptors)

/** FFmpeg's moov for a fixture, remuxed without re-encoding into a plain MP4 file (a fragmented
 *  one written to a pipe has its moov before the first packet: no AudioSpecificConfig yet). */
async function ffmpegMp4(name: string, args: readonly string[]): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'llhls-ffmpeg-mp4-'));
  try {
    const out = join(dir, 'out.mp4');
    const { status, stderr } = await runAsync(
      'ffmpeg',
      ['-hide_banner', '-v', 'error', '-i', 'pipe:0', '-c', 'copy', ...args, '-f', 'mp4', out],
      fixture(name),
    );
    assert.equal(status, 0, stderr);
    return new Uint8Array(await readFile(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The first sample entry's box of a one-track (or first-track) init segment. */
function sampleEntry(bytes: Uint8Array, trackIndex = 0): { entry: BoxSpan; bytes: Uint8Array } {
  const moov = readBoxes(bytes)!.find((b) => b.type === 'moov')!;
  const trak = readBoxes(bytes, moov.body, moov.end)!.filter((b) => b.type === 'trak')[trackIndex]!;
  let box: BoxSpan | null = trak;
  for (const type of ['mdia', 'minf', 'stbl', 'stsd']) box = childBox(bytes, box!, type);
  const entry = readBoxes(bytes, box!.body + 8, box!.end)![0]!;
  return { entry, bytes };
}

/** A child box of a sample entry, after the entry's own fields (78 bytes visual, 28 audio). */
function entryChild(found: { entry: BoxSpan; bytes: Uint8Array }, type: string, fields: number): Uint8Array {
  const { entry, bytes } = found;
  const child = readBoxes(bytes, entry.body + fields, entry.end)!.find((b) => b.type === type);
  assert.ok(child !== undefined, `no ${type} in ${entry.type}`);
  return bytes.subarray(child.body, child.end);
}

function capture(name: string): { sets: ParameterSets; adts: ReturnType<typeof readAdtsFrame> } {
  const demuxed = demux(fixture(name), [1 << 20], new TsDemuxer({ payloads: [StreamCodec.AAC] }));
  const sets = demuxed.events.find((e) => e.type === 'parameter-sets')?.sets as ParameterSets;
  const aac = demuxed.units.find((u) => u.codec === StreamCodec.AAC);
  return { sets, adts: aac === undefined ? null : readAdtsFrame(aac.payload!, 0) };
}

/** ES descriptors (tag, payload), either length encoding (FFmpeg writes 4-byte 0x80-continued). */
function descriptors(bytes: Uint8Array, from: number, to: number): Array<{ tag: number; body: Uint8Array }> {
  const out: Array<{ tag: number; body: Uint8Array }> = [];
  let at = from;
  while (at < to) {
    const tag = bytes[at++]!;
    let length = 0;
    for (let i = 0; i < 4; i++) {
      const b = bytes[at++]!;
      length = (length << 7) | (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
    out.push({ tag, body: bytes.subarray(at, at + length) });
    at += length;
  }
  return out;
}

/** What an esds says: object type, stream type, the AudioSpecificConfig, and that its
 *  descriptors nest with consistent lengths (ES_Descriptor > DecoderConfig > DecoderSpecificInfo,
 *  then SLConfig). */
function readEsds(esds: Uint8Array) {
  assert.deepEqual([...esds.subarray(0, 4)], [0, 0, 0, 0], 'FullBox version 0, flags 0');
  const [es, ...rest] = descriptors(esds, 4, esds.length);
  assert.equal(es?.tag, 0x03);
  assert.deepEqual(rest, [], 'one ES_Descriptor fills the box');
  const esFlags = es!.body[2]!;
  assert.equal(esFlags & 0xe0, 0, 'no dependsOn, URL or OCR stream');
  const inner = descriptors(es!.body, 3, es!.body.length);
  assert.deepEqual(
    inner.map((d) => d.tag),
    [0x04, 0x06],
  );
  const config = inner[0]!.body;
  const specific = descriptors(config, 13, config.length);
  assert.deepEqual(
    specific.map((d) => d.tag),
    [0x05],
  );
  return {
    objectType: config[0],
    streamType: config[1]! >> 2,
    audioSpecificConfig: [...specific[0]!.body],
    slConfig: [...inner[1]!.body],
  };
}

/** hvcC's parameter-set arrays: NAL type, completeness, and every NAL unit (hex), in order. */
function hvccArrays(record: Uint8Array): Array<{ type: number; complete: boolean; nals: string[] }> {
  const out: Array<{ type: number; complete: boolean; nals: string[] }> = [];
  let at = 23;
  for (let i = 0; i < record[22]!; i++) {
    const head = record[at]!;
    const count = (record[at + 1]! << 8) | record[at + 2]!;
    at += 3;
    const nals: string[] = [];
    for (let n = 0; n < count; n++) {
      const length = (record[at]! << 8) | record[at + 1]!;
      nals.push(Buffer.from(record.subarray(at + 2, at + 2 + length)).toString('hex'));
      at += 2 + length;
    }
    out.push({ type: head & 0x3f, complete: (head & 0x80) !== 0, nals });
  }
  assert.equal(at, record.length, 'the arrays fill the record');
  return out;
}

describe('decoder configuration boxes against FFmpeg’s, from the same capture', () => {
  it('hvcC (h265.mpegts): the same record as FFmpeg writes for hvc1, byte for byte', async () => {
    const { sets } = capture('h265.mpegts');
    const ours = entryChild(sampleEntry(initSegment([videoTrack(1, sets)!])), 'hvcC', 78);
    const theirs = entryChild(sampleEntry(await ffmpegMp4('h265.mpegts', ['-tag:v', 'hvc1'])), 'hvcC', 78);
    // Header fields one by one first, so a difference is named; then the whole record.
    const fields: Array<[string, number, number]> = [
      ['configurationVersion', 0, 1],
      ['profile space, tier, profile', 1, 2],
      ['profile compatibility flags', 2, 6],
      ['constraint indicator flags', 6, 12],
      ['level', 12, 13],
      ['min_spatial_segmentation', 13, 15],
      ['parallelismType', 15, 16],
      ['chroma format', 16, 17],
      ['bit depths', 17, 19],
      ['avgFrameRate', 19, 21],
      ['frame rate, layers, nesting, length size', 21, 22],
      ['numOfArrays', 22, 23],
    ];
    for (const [name, from, to] of fields)
      assert.deepEqual([...ours.subarray(from, to)], [...theirs.subarray(from, to)], name);
    assert.deepEqual(hvccArrays(ours), hvccArrays(theirs), 'VPS, SPS, PPS arrays');
    assert.deepEqual([...ours], [...theirs], 'the whole record');
  });

  it('avcC (h264-aac.mpegts): the same record as FFmpeg writes, byte for byte', async () => {
    const { sets } = capture('h264-aac.mpegts');
    const ours = entryChild(sampleEntry(initSegment([videoTrack(1, sets)!])), 'avcC', 78);
    const theirs = entryChild(sampleEntry(await ffmpegMp4('h264-aac.mpegts', ['-an'])), 'avcC', 78);
    assert.deepEqual([...ours], [...theirs]);
  });

  it('esds (h264-aac.mpegts): MPEG-4 audio, the AudioSpecificConfig FFmpeg writes, descriptors nested whole', async () => {
    const { adts } = capture('h264-aac.mpegts');
    const oursEntry = sampleEntry(initSegment([audioTrack(1, adts!.config)]));
    const theirsEntry = sampleEntry(await ffmpegMp4('h264-aac.mpegts', ['-vn', '-bsf:a', 'aac_adtstoasc']));
    assert.equal(oursEntry.entry.type, 'mp4a');
    assert.equal(theirsEntry.entry.type, 'mp4a');
    // AudioSampleEntry (14496-12 §12.2.3): samplesize, pre_defined, reserved, samplerate (16.16)
    // as FFmpeg's. channelcount: the stream's (mono here), where FFmpeg writes the template value
    // 2 of the first MP4 edition; decoders take the channels from the AudioSpecificConfig.
    const fieldsOf = ({ entry, bytes }: typeof oursEntry) => [
      ...bytes.subarray(entry.body + 18, entry.body + 28),
    ];
    assert.deepEqual(fieldsOf(oursEntry), fieldsOf(theirsEntry), 'sample size, sample rate');
    const channels = ({ entry, bytes }: typeof oursEntry) =>
      (bytes[entry.body + 16]! << 8) | bytes[entry.body + 17]!;
    assert.equal(channels(oursEntry), adts!.config.channelConfiguration);
    const ours = readEsds(entryChild(oursEntry, 'esds', 28));
    const theirs = readEsds(entryChild(theirsEntry, 'esds', 28));
    assert.equal(ours.objectType, 0x40, 'Audio ISO/IEC 14496-3');
    assert.equal(ours.streamType, 0x05, 'AudioStream');
    assert.deepEqual(
      [ours.objectType, ours.streamType, ours.audioSpecificConfig],
      [theirs.objectType, theirs.streamType, theirs.audioSpecificConfig],
    );
    // AAC LC (2), 48 kHz (index 3), mono: 00010 0011 0001 000.
    assert.deepEqual(ours.audioSpecificConfig, [0x11, 0x88]);
    assert.deepEqual(ours.slConfig, [0x02], 'predefined: MP4');
  });
});
