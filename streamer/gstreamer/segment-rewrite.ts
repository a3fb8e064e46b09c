import { type BoxSpan, readBoxes } from '../fmp4/box-reader.js';
import { BoxWriter } from '../fmp4/box-writer.js';
import { TRUN_DATA_OFFSET } from '../fmp4/fragment-flags.js';
import { readDecodeTime, type SegmentFile } from './segment-file.js';

export interface RewriteOptions {
  /** Decode time (track timescale) the file's first sample gets: the end of the previous file. */
  baseDecodeTime: number;
  /** mfhd sequence number of the file's first fragment (one more than the previous fragment's). */
  firstSequence: number;
}

/** A version-1 tfdt is 4 bytes longer than the version-0 one mp4mux writes. */
const TFDT_V1_GROWTH = 4;

/**
 * A file's fragments as one HLS media segment on a continuous timeline: ftyp, moov and mfra
 * dropped (the init segment is served once, EXT-X-MAP), every tfdt moved so the file starts at
 * `baseDecodeTime` (offsets between its fragments kept) and written as version 1 (64 bits),
 * mfhd sequence numbers counted on from `firstSequence`. mp4mux writes a version-0 tfdt (32
 * bits: at its 3000 Hz video timescale, 16.5 days of stream) because each of its files starts
 * again near 0; the continuous timeline outgrows it, so every tfdt is widened, and the trun
 * data offsets (relative to the moof: mp4mux writes no base_data_offset, and readSegmentFile
 * refuses one, as CMAF does) grow by the bytes the moof gained. Pure; the input is not modified.
 * @see ISO/IEC 14496-12 §8.8.5 (mfhd), §8.8.7 (tfhd), §8.8.8 (trun), §8.8.12 (tfdt)
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-3.1.2
 */
export function rewriteSegment(file: SegmentFile, options: RewriteOptions): Uint8Array {
  const src = file.bytes;
  const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const first = file.fragments[0]!.moof.start;
  const w = new BoxWriter(file.fragments.at(-1)!.mdat.end - first + TFDT_V1_GROWTH * file.fragments.length);
  let sequence = options.firstSequence;
  for (const { moof, mdat } of file.fragments) {
    const children = readBoxes(src, moof.body, moof.end) ?? [];
    const trafs = children.filter((b) => b.type === 'traf').map((t) => readBoxes(src, t.body, t.end) ?? []);
    const growth = trafs.flat().filter((b) => b.type === 'tfdt' && src[b.body] === 0).length * TFDT_V1_GROWTH;
    w.open('moof');
    let traf = 0;
    for (const child of children) {
      if (child.type === 'mfhd') {
        w.open('mfhd', { version: 0, flags: 0 }).u32(sequence++).close();
      } else if (child.type === 'traf') {
        w.open('traf');
        for (const box of trafs[traf++]!) {
          if (box.type === 'tfdt') {
            const time = options.baseDecodeTime + (readDecodeTime(src, box) - file.firstDecodeTime);
            w.open('tfdt', { version: 1, flags: 0 }).u64(time).close();
            continue;
          }
          const at = w.position;
          copy(w, src, box);
          // Relative to the moof's first byte (readSegmentFile refuses absolute base offsets):
          // the mdat now lies `growth` bytes further.
          if (box.type === 'trun' && (view.getUint32(box.body) & TRUN_DATA_OFFSET) !== 0)
            w.patchU32(at + 16, view.getInt32(box.body + 8) + growth);
        }
        w.close();
      } else copy(w, src, child);
    }
    w.close();
    copy(w, src, mdat);
  }
  return w.finish().slice();
}

function copy(w: BoxWriter, src: Uint8Array, box: BoxSpan): void {
  w.bytes(src.subarray(box.start, box.end));
}
