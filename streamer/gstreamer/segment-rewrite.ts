import { readBoxes } from '../fmp4/box-reader.js';
import { TFHD_BASE_DATA_OFFSET } from '../fmp4/fragment-flags.js';
import { readDecodeTime, type SegmentFile } from './segment-file.js';

export interface RewriteOptions {
  /** Decode time (track timescale) the file's first sample gets: the end of the previous file. */
  baseDecodeTime: number;
  /** mfhd sequence number of the file's first fragment (one more than the previous fragment's). */
  firstSequence: number;
}

/**
 * A file's fragments as one HLS media segment on a continuous timeline: ftyp, moov and mfra
 * dropped (the init segment is served once, EXT-X-MAP), every tfdt moved so the file starts at
 * `baseDecodeTime` (offsets between its fragments kept), mfhd sequence numbers counted on from
 * `firstSequence`, and a tfhd base_data_offset (absolute in the file) moved by the bytes dropped
 * before the first moof. trun data offsets are relative to their moof and stay. Pure; the input
 * is not modified.
 * @see ISO/IEC 14496-12 §8.8.5 (mfhd), §8.8.7 (tfhd), §8.8.12 (tfdt)
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-3.1.2
 */
export function rewriteSegment(file: SegmentFile, options: RewriteOptions): Uint8Array {
  const first = file.fragments[0]!.moof.start;
  const last = file.fragments.at(-1)!.mdat.end;
  const out = file.bytes.slice(first, last);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let sequence = options.firstSequence;
  for (const { moof } of file.fragments) {
    for (const child of readBoxes(out, moof.body - first, moof.end - first) ?? []) {
      if (child.type === 'mfhd') view.setUint32(child.body + 4, sequence++);
      if (child.type !== 'traf') continue;
      for (const box of readBoxes(out, child.body, child.end) ?? []) {
        if (box.type === 'tfdt') {
          const time = options.baseDecodeTime + (readDecodeTime(out, box) - file.firstDecodeTime);
          writeDecodeTime(view, box.body, out[box.body] === 1, time);
        } else if (box.type === 'tfhd' && (view.getUint32(box.body) & TFHD_BASE_DATA_OFFSET) !== 0) {
          const offset = view.getBigUint64(box.body + 8);
          view.setBigUint64(box.body + 8, offset - BigInt(first));
        }
      }
    }
  }
  return out;
}

/** A version-0 tfdt holds 32 bits: at GStreamer's 3000 Hz video timescale that is 16.5 days of
 *  stream; past it the time cannot be written in place, and a wrong time would stall players. */
function writeDecodeTime(view: DataView, body: number, wide: boolean, time: number): void {
  if (wide) {
    view.setBigUint64(body + 4, BigInt(time));
    return;
  }
  if (time > 0xffffffff) throw new RangeError(`decode time ${time} does not fit a version-0 tfdt`);
  view.setUint32(body + 4, time);
}
