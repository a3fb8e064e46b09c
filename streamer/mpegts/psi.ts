import { type ElementaryStream, StreamCodec } from './types.js';

/**
 * Program Specific Information: the PAT and PMT sections, reassembled from transport packets and
 * checked with their CRC so that garbage can never announce a program.
 * @see ISO/IEC 13818-1 §2.4.4 (PSI), §2.4.4.3 (PAT), §2.4.4.8 (PMT), Annex A (CRC_32)
 */

export const TABLE_ID_PAT = 0x00;
export const TABLE_ID_PMT = 0x02;
/** 3 header bytes plus the largest section_length PAT and PMT allow (0x3fd). */
const MAX_SECTION = 3 + 0x3fd;

export const STREAM_TYPE_H264 = 0x1b;
export const STREAM_TYPE_HEVC = 0x24;
export const STREAM_TYPE_ADTS_AAC = 0x0f;

export function codecOf(streamType: number): StreamCodec {
  if (streamType === STREAM_TYPE_H264) return StreamCodec.H264;
  if (streamType === STREAM_TYPE_HEVC) return StreamCodec.HEVC;
  if (streamType === STREAM_TYPE_ADTS_AAC) return StreamCodec.AAC;
  return StreamCodec.Other;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 24;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
    table[i] = crc >>> 0;
  }
  return table;
})();

/** CRC-32/MPEG-2 of bytes [start, end). Over a whole section, CRC_32 field included, it is 0. */
export function crc32Mpeg2(bytes: Uint8Array, start: number, end: number): number {
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ bytes[i]!) & 0xff]!) >>> 0;
  return crc >>> 0;
}

/** A long-form section (table_id ... CRC_32) whose length and CRC check out. */
export function validSection(section: Uint8Array, tableId: number): boolean {
  if (section.length < 12 || section[0] !== tableId || (section[1]! & 0x80) === 0) return false;
  // current_next_indicator 0: a future table, not yet in force.
  if ((section[5]! & 0x01) === 0) return false;
  return crc32Mpeg2(section, 0, section.length) === 0;
}

export interface PatProgram {
  programNumber: number;
  pmtPid: number;
}

/** The first program of a PAT section (program_number 0 is the network PID, not a program). */
export function parsePat(section: Uint8Array): PatProgram | undefined {
  const end = section.length - 4;
  for (let i = 8; i + 4 <= end; i += 4) {
    const programNumber = (section[i]! << 8) | section[i + 1]!;
    if (programNumber !== 0)
      return { programNumber, pmtPid: ((section[i + 2]! & 0x1f) << 8) | section[i + 3]! };
  }
  return undefined;
}

export interface PmtInfo {
  programNumber: number;
  pcrPid: number;
  streams: ElementaryStream[];
}

export function parsePmt(section: Uint8Array): PmtInfo | undefined {
  const end = section.length - 4;
  const programNumber = (section[3]! << 8) | section[4]!;
  const pcrPid = ((section[8]! & 0x1f) << 8) | section[9]!;
  let i = 12 + (((section[10]! & 0x0f) << 8) | section[11]!);
  const streams: ElementaryStream[] = [];
  while (i + 5 <= end) {
    const streamType = section[i]!;
    const pid = ((section[i + 1]! & 0x1f) << 8) | section[i + 2]!;
    streams.push({ pid, streamType, codec: codecOf(streamType) });
    i += 5 + (((section[i + 3]! & 0x0f) << 8) | section[i + 4]!);
  }
  if (i > end) return undefined;
  return { programNumber, pcrPid, streams };
}

/**
 * Reassembles the first section that starts in a payload_unit_start packet, across packets when
 * it is long. Returns the section once complete (a view, valid until the next push) and keeps a
 * private copy of the packets that carried it, for the packager's `psi`.
 */
export class SectionAssembler {
  #buffer = new Uint8Array(MAX_SECTION);
  #filled = 0;
  /** Total section length once known, 0 while idle. */
  #total = 0;
  #packets: Uint8Array[] = [];

  /** Packets (188-byte copies) that carried the last completed section. */
  get packets(): readonly Uint8Array[] {
    return this.#packets;
  }

  reset(): void {
    this.#filled = 0;
    this.#total = 0;
    this.#packets = [];
  }

  /**
   * @param packet the whole packet bytes are in, at `at`; payload spans [payload, at + 188).
   */
  push(bytes: Uint8Array, at: number, payload: number, unitStart: boolean): Uint8Array | undefined {
    const end = at + 188;
    let from = payload;
    if (unitStart) {
      from = payload + 1 + bytes[payload]!;
      this.#filled = 0;
      this.#total = 0;
      this.#packets = [];
      if (from + 3 > end) return undefined;
      const total = 3 + (((bytes[from + 1]! & 0x0f) << 8) | bytes[from + 2]!);
      if (total > MAX_SECTION) return undefined;
      this.#total = total;
    } else if (this.#total === 0) {
      return undefined;
    }
    const n = Math.min(end - from, this.#total - this.#filled);
    this.#buffer.set(bytes.subarray(from, from + n), this.#filled);
    this.#filled += n;
    this.#packets.push(bytes.slice(at, end));
    if (this.#filled < this.#total) return undefined;
    const section = this.#buffer.subarray(0, this.#total);
    this.#total = 0;
    return section;
  }
}
