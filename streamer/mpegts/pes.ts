/**
 * PES packet header: start code, stream_id, PES_packet_length, PTS and DTS.
 * @see ISO/IEC 13818-1 §2.4.3.6 (PES packet) and §2.4.3.7 (semantic definition of fields)
 */

export interface PesHeader {
  streamId: number;
  /** PES_packet_length + 6: the whole PES packet in bytes, or 0 when unbounded (video). */
  totalLength: number;
  /** Bytes before the elementary stream data (6, or 9 + PES_header_data_length). */
  headerLength: number;
  /** Raw 33-bit PTS, or -1 when absent. */
  pts: number;
  /** Raw 33-bit DTS; equals pts when absent. */
  dts: number;
}

export const PesParse = { Ok: 1, NeedMore: 0, Malformed: -1 } as const;
export type PesParse = (typeof PesParse)[keyof typeof PesParse];

/** Bytes a header needs before its length is known. */
export const PES_FIXED_HEADER = 9;
/** The longest header: 9 fixed bytes + a PES_header_data_length of 255. */
export const PES_MAX_HEADER = 9 + 255;

/** The largest PES packet a PES_packet_length (16 bits, the bytes after it) can describe: a
 *  longer one carries 0 whatever the muxer (FFmpeg does so even with -omit_video_pes_length 0). */
export const PES_MAX_TOTAL_LENGTH = 0xffff + 6;

export function emptyPesHeader(): PesHeader {
  return { streamId: 0, totalLength: 0, headerLength: 0, pts: -1, dts: -1 };
}

/** stream_ids whose PES packets carry no optional header (padding, private_stream_2, ...). */
function withoutOptionalHeader(streamId: number): boolean {
  return (
    streamId === 0xbc ||
    streamId === 0xbe ||
    streamId === 0xbf ||
    streamId === 0xf0 ||
    streamId === 0xf1 ||
    streamId === 0xf2 ||
    streamId === 0xf8 ||
    streamId === 0xff
  );
}

/** A 33-bit timestamp in its 5-byte field, or -1 when a marker bit is missing. */
function readTimestamp(bytes: Uint8Array, i: number): number {
  if ((bytes[i]! & 0x01) === 0 || (bytes[i + 2]! & 0x01) === 0 || (bytes[i + 4]! & 0x01) === 0) return -1;
  // The top 3 bits times 2^30 stays exact in a double; the low 30 bits fit a positive int32.
  const high = (bytes[i]! >> 1) & 0x07;
  const low =
    (bytes[i + 1]! << 22) | ((bytes[i + 2]! >> 1) << 15) | (bytes[i + 3]! << 7) | (bytes[i + 4]! >> 1);
  return high * 1073741824 + low;
}

/**
 * Parses the PES header in bytes [start, end) into `out` (reused, so the hot path allocates
 * nothing). NeedMore when the header continues past `end`.
 */
export function parsePesHeader(bytes: Uint8Array, start: number, end: number, out: PesHeader): PesParse {
  const available = end - start;
  if (available < 6)
    return available >= 3 && !startCode(bytes, start) ? PesParse.Malformed : PesParse.NeedMore;
  if (!startCode(bytes, start)) return PesParse.Malformed;
  const streamId = bytes[start + 3]!;
  const length = (bytes[start + 4]! << 8) | bytes[start + 5]!;
  out.streamId = streamId;
  out.totalLength = length === 0 ? 0 : length + 6;
  out.pts = -1;
  out.dts = -1;
  if (withoutOptionalHeader(streamId)) {
    out.headerLength = 6;
    return PesParse.Ok;
  }
  if (available < PES_FIXED_HEADER) return PesParse.NeedMore;
  // '10' marker bits of the optional header.
  if ((bytes[start + 6]! & 0xc0) !== 0x80) return PesParse.Malformed;
  const flags = bytes[start + 7]! >> 6;
  const headerLength = PES_FIXED_HEADER + bytes[start + 8]!;
  if (out.totalLength !== 0 && headerLength > out.totalLength) return PesParse.Malformed;
  if (available < headerLength) return PesParse.NeedMore;
  out.headerLength = headerLength;
  // PTS_DTS_flags: 2 PTS only, 3 PTS and DTS, 1 is forbidden.
  if (flags === 1) return PesParse.Malformed;
  if (flags >= 2) {
    if (headerLength < 14) return PesParse.Malformed;
    out.pts = readTimestamp(bytes, start + 9);
    out.dts = out.pts;
    if (flags === 3) {
      if (headerLength < 19) return PesParse.Malformed;
      out.dts = readTimestamp(bytes, start + 14);
    }
    if (out.pts < 0 || out.dts < 0) return PesParse.Malformed;
  }
  return PesParse.Ok;
}

function startCode(bytes: Uint8Array, i: number): boolean {
  return bytes[i] === 0 && bytes[i + 1] === 0 && bytes[i + 2] === 1;
}
