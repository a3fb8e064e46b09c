import { isAccessUnitDelimiter, nalType, parameterSetKind, type VideoCodec } from '../codec/nal-types.js';

/**
 * An access unit in Annex B byte stream format (start codes, as MPEG-TS carries it) rewritten as
 * an MP4 sample: every NAL unit prefixed by its 4-byte length (avcC/hvcC lengthSizeMinusOne = 3).
 * Access unit delimiters and parameter sets are left out: `avc1`/`hvc1` sample entries carry the
 * parameter sets, and CMAF keeps them out of the samples (a new set means a new init segment).
 * Trailing zero bytes before a start code (trailing_zero_8bits) belong to no NAL unit.
 * @see ISO/IEC 14496-15 §5.3.2 (avc1: parameter sets in the sample entry), §8.3.2 (hvc1)
 * @see ISO/IEC 23000-19 (CMAF) §9.2: AVC/HEVC parameter sets in the CMAF header
 */
export function lengthPrefixedSample(annexB: Uint8Array, codec: VideoCodec): Uint8Array {
  const units = nalUnits(annexB);
  let size = 0;
  for (const [start, end] of units) if (keep(annexB, start, codec)) size += 4 + end - start;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const [start, end] of units) {
    if (!keep(annexB, start, codec)) continue;
    view.setUint32(at, end - start);
    out.set(annexB.subarray(start, end), at + 4);
    at += 4 + end - start;
  }
  return out;
}

function keep(bytes: Uint8Array, start: number, codec: VideoCodec): boolean {
  const type = nalType(codec, bytes[start]!);
  return !isAccessUnitDelimiter(codec, type) && parameterSetKind(codec, type) === null;
}

/** [start, end) of every NAL unit (header included, start code and trailing zeros excluded). */
export function nalUnits(bytes: Uint8Array): Array<[number, number]> {
  const units: Array<[number, number]> = [];
  let start = -1;
  let i = 0;
  const n = bytes.length;
  while (i + 2 < n) {
    // A start code is 0x000001; the byte at i + 2 decides fast whether one can begin at i.
    if (bytes[i + 2]! > 1) {
      i += 3;
      continue;
    }
    if (bytes[i] === 0 && bytes[i + 1] === 0 && bytes[i + 2] === 1) {
      if (start >= 0) units.push([start, trimZeros(bytes, start, i)]);
      start = i + 3;
      i += 3;
      continue;
    }
    i += 1;
  }
  if (start >= 0 && start < n) units.push([start, trimZeros(bytes, start, n)]);
  return units.filter(([s, e]) => e > s);
}

function trimZeros(bytes: Uint8Array, start: number, end: number): number {
  while (end > start && bytes[end - 1] === 0) end--;
  return end;
}
