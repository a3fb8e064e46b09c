import { type BoxSpan, childBox, readBoxes } from '../fmp4/box-reader.js';
import {
  TFHD_BASE_DATA_OFFSET,
  TFHD_DEFAULT_SAMPLE_DURATION,
  TFHD_SAMPLE_DESCRIPTION_INDEX,
  TRUN_COMPOSITION,
  TRUN_DATA_OFFSET,
  TRUN_DURATION,
  TRUN_FIRST_SAMPLE_FLAGS,
  TRUN_FLAGS,
  TRUN_SIZE,
} from '../fmp4/fragment-flags.js';

/**
 * One file as GStreamer's `splitmuxsink` + `mp4mux fragment-duration=... streamable=true` writes
 * it: ftyp, moov, then moof+mdat pairs (one per CMAF fragment), then mfra. Every file carries its
 * own moov and its tfdt starts again near 0 (FINDINGS.md), so for HLS the first file's ftyp+moov
 * is served once as the init segment (EXT-X-MAP) and each file's fragments are rewritten onto one
 * continuous timeline (segment-rewrite.ts).
 */
export interface SegmentFile {
  /** ftyp + moov, as written. */
  init: Uint8Array;
  /** What decodes the track: the visual sample entry's header (codec, size) and its decoder
   *  configuration box (avcC, hvcC). A file where it differs needs another init segment; the
   *  entry's btrt (bit rates measured per file) differs in every file and does not count. */
  decoderConfig: Uint8Array;
  /** mdhd timescale of the (single, video) track. */
  timescale: number;
  /** The moof+mdat pairs, as written (offsets into `bytes`). */
  fragments: Array<{ moof: BoxSpan; mdat: BoxSpan }>;
  /** The whole file. */
  bytes: Uint8Array;
  /** tfdt of the first fragment, in `timescale` units. */
  firstDecodeTime: number;
  /** Samples (video frames) in the file, and their total duration in `timescale` units. */
  sampleCount: number;
  duration: number;
  /** Sample count of each fragment, in order. */
  fragmentSamples: number[];
}

export type SegmentFileResult =
  | { ok: true; file: SegmentFile }
  /** `incomplete`: the boxes so far are sound but the file does not end with mfra yet (still being
   *  written: wait). `invalid`: not what mp4mux writes (refuse it). */
  | { ok: false; kind: 'incomplete' | 'invalid'; reason: string };

const u32 = (bytes: Uint8Array, at: number): number =>
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at);

/**
 * Reads one splitmuxsink file. Pure. A file is complete when its top-level boxes parse to the end
 * and the last is mfra (mp4mux writes it when it closes the file): content decides, not the
 * filesystem event that announced the file, so a file seen mid-write is never served truncated.
 * @see ISO/IEC 14496-12 §8.8 (movie fragments)
 */
export function readSegmentFile(bytes: Uint8Array): SegmentFileResult {
  const top = readBoxes(bytes);
  if (top === null) return { ok: false, kind: 'incomplete', reason: 'a box runs past the end of the file' };
  const types = top.map((b) => b.type);
  if (types[0] !== 'ftyp' || types[1] !== 'moov') {
    return top.length < 2 && (types[0] === undefined || types[0] === 'ftyp')
      ? { ok: false, kind: 'incomplete', reason: 'no moov yet' }
      : invalid(`expected ftyp then moov, found ${types.slice(0, 2).join(', ') || 'nothing'}`);
  }
  if (types.at(-1) !== 'mfra')
    return { ok: false, kind: 'incomplete', reason: 'no mfra yet (file still open)' };
  const moov = top[1]!;
  const traks = (readBoxes(bytes, moov.body, moov.end) ?? []).filter((b) => b.type === 'trak');
  if (traks.length !== 1) return invalid(`expected one track, found ${traks.length}`);
  const mdia = childBox(bytes, traks[0]!, 'mdia');
  const mdhd = mdia === null ? null : childBox(bytes, mdia, 'mdhd');
  const stbl = descend(bytes, mdia, ['minf', 'stbl']);
  const stsd = stbl === null ? null : childBox(bytes, stbl, 'stsd');
  if (mdhd === null || stsd === null) return invalid('the track has no mdhd or stsd');
  const decoderConfig = readDecoderConfig(bytes, stsd);
  if (decoderConfig === null) return invalid('the sample entry has no avcC or hvcC');
  const timescale = u32(bytes, mdhd.body + (bytes[mdhd.body] === 1 ? 20 : 12));
  const trex = descend(bytes, moov, ['mvex', 'trex']);
  const trexDuration = trex === null ? 0 : u32(bytes, trex.body + 12);
  const fragments: SegmentFile['fragments'] = [];
  const fragmentSamples: number[] = [];
  let firstDecodeTime = Number.NaN;
  let duration = 0;
  for (let i = 2; i < top.length - 1; i++) {
    const moof = top[i]!;
    const mdat = top[i + 1];
    if (moof.type !== 'moof' || mdat?.type !== 'mdat') {
      return invalid(`expected moof+mdat pairs after moov, found ${moof.type} at byte ${moof.start}`);
    }
    i += 1;
    const traf = childBox(bytes, moof, 'traf');
    const tfhd = traf === null ? null : childBox(bytes, traf, 'tfhd');
    const tfdt = traf === null ? null : childBox(bytes, traf, 'tfdt');
    const trun = traf === null ? null : childBox(bytes, traf, 'trun');
    if (tfhd === null || tfdt === null || trun === null)
      return invalid(`a moof at byte ${moof.start} lacks tfhd, tfdt or trun`);
    // An offset from the file's first byte means nothing once the file is cut into an HLS
    // segment (CMAF forbids it; mp4mux writes offsets from the moof).
    if ((u32(bytes, tfhd.body) & TFHD_BASE_DATA_OFFSET) !== 0)
      return invalid(`a tfhd at byte ${tfhd.start} has a base_data_offset (absolute in the file)`);
    if (Number.isNaN(firstDecodeTime)) firstDecodeTime = readDecodeTime(bytes, tfdt);
    const samples = trunDurations(bytes, tfhd, trun, trexDuration);
    fragmentSamples.push(samples.length);
    for (const d of samples) duration += d;
    fragments.push({ moof, mdat });
  }
  if (fragments.length === 0) return invalid('no movie fragment in the file');
  return {
    ok: true,
    file: {
      init: bytes.subarray(0, moov.end),
      decoderConfig,
      timescale,
      fragments,
      bytes,
      firstDecodeTime,
      sampleCount: fragmentSamples.reduce((a, b) => a + b, 0),
      duration,
      fragmentSamples,
    },
  };
}

/** VisualSampleEntry fields after the box header (§12.1.3): 6 reserved, data_reference_index,
 *  pre_defined/reserved, width, height, resolutions, frame_count, compressorname, depth, -1. */
const VISUAL_SAMPLE_ENTRY_FIELDS = 78;

/** The first sample entry's header and its avcC/hvcC, joined; null when there is none. */
function readDecoderConfig(bytes: Uint8Array, stsd: BoxSpan): Uint8Array | null {
  // stsd: version+flags, entry_count, then the entries.
  const entry = readBoxes(bytes, stsd.body + 8, stsd.end)?.[0];
  if (entry === undefined) return null;
  const fieldsEnd = entry.body + VISUAL_SAMPLE_ENTRY_FIELDS;
  const config = readBoxes(bytes, fieldsEnd, entry.end)?.find((b) => b.type === 'avcC' || b.type === 'hvcC');
  if (config === undefined) return null;
  const out = new Uint8Array(fieldsEnd - entry.start + config.end - config.start);
  out.set(bytes.subarray(entry.start + 4, fieldsEnd), 4); // not the size: it counts btrt
  out.set(bytes.subarray(config.start, config.end), fieldsEnd - entry.start);
  return out;
}

const invalid = (reason: string): SegmentFileResult => ({ ok: false, kind: 'invalid', reason });

function descend(bytes: Uint8Array, from: BoxSpan | null, path: string[]): BoxSpan | null {
  let box = from;
  for (const type of path) box = box === null ? null : childBox(bytes, box, type);
  return box;
}

/** tfdt baseMediaDecodeTime (version 1: 64 bits). */
export function readDecodeTime(bytes: Uint8Array, tfdt: BoxSpan): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return bytes[tfdt.body] === 1 ? Number(view.getBigUint64(tfdt.body + 4)) : view.getUint32(tfdt.body + 4);
}

/** Every sample's duration in a trun: its own, else tfhd's default, else trex's. */
function trunDurations(bytes: Uint8Array, tfhd: BoxSpan, trun: BoxSpan, trexDuration: number): number[] {
  const tfhdFlags = u32(bytes, tfhd.body) & 0xffffff;
  let at = tfhd.body + 8; // version+flags, track_ID (no base_data_offset: refused above)
  if (tfhdFlags & TFHD_SAMPLE_DESCRIPTION_INDEX) at += 4;
  const fallback = tfhdFlags & TFHD_DEFAULT_SAMPLE_DURATION ? u32(bytes, at) : trexDuration;
  const flags = u32(bytes, trun.body) & 0xffffff;
  const count = u32(bytes, trun.body + 4);
  let p = trun.body + 8;
  if (flags & TRUN_DATA_OFFSET) p += 4;
  if (flags & TRUN_FIRST_SAMPLE_FLAGS) p += 4;
  const fields = [TRUN_DURATION, TRUN_SIZE, TRUN_FLAGS, TRUN_COMPOSITION].filter((f) => flags & f).length;
  const durations: number[] = [];
  for (let i = 0; i < count; i++) {
    durations.push(flags & TRUN_DURATION ? u32(bytes, p) : fallback);
    p += 4 * fields;
  }
  return durations;
}
