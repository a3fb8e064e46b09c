import { isRandomAccess, isSlice, nalType, parameterSetKind, type VideoCodec } from '../codec/nal-types.js';
import { emptyParameterSets, type ParameterSets } from '../codec/parameter-sets.js';

/**
 * Reads an access unit's NAL units in Annex B byte stream order up to its first slice: whether that
 * slice starts a random access point (H.264 IDR, H.265 IRAP) and the parameter sets before it
 * (copied whole, for the CODECS string and later avcC/hvcC boxes). The rest of the picture is never
 * read. State carries across packets because a start code, a NAL header or a parameter set may
 * straddle two of them.
 * @see ITU-T H.264 §7.3.1 and Annex B; ITU-T H.265 §7.3.1 and Annex B
 */

/** A parameter set longer than this is not one (they are tens of bytes): it is dropped. */
const MAX_PARAMETER_SET = 4096;

export interface NalScan {
  codec: VideoCodec;
  /** The first slice has been seen: stop scanning. */
  done: boolean;
  /** That slice starts a random access point. */
  keyframe: boolean;
  /** Consecutive 0x00 bytes just before the current position. */
  zeros: number;
  /** A start code just ended: the next byte is a NAL header. */
  header: boolean;
  /** The parameter set being copied, or null. */
  copying: 'vps' | 'sps' | 'pps' | null;
  buffer: Uint8Array;
  fill: number;
  /** Parameter sets of this access unit (null until one is found). */
  sets: ParameterSets | null;
}

export function newNalScan(codec: VideoCodec): NalScan {
  return {
    codec,
    done: false,
    keyframe: false,
    zeros: 0,
    header: false,
    copying: null,
    buffer: new Uint8Array(0),
    fill: 0,
    sets: null,
  };
}

export function resetNalScan(scan: NalScan): void {
  scan.done = false;
  scan.keyframe = false;
  scan.zeros = 0;
  scan.header = false;
  scan.copying = null;
  scan.fill = 0;
  scan.sets = null;
}

/** Scans bytes [start, end) until the first slice NAL unit; returns early once it is found. */
export function scanNalUnits(scan: NalScan, bytes: Uint8Array, start: number, end: number): void {
  let zeros = scan.zeros;
  let header = scan.header;
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (header) {
      header = false;
      const type = nalType(scan.codec, b);
      if (isSlice(scan.codec, type)) {
        scan.done = true;
        scan.keyframe = isRandomAccess(scan.codec, type);
        scan.zeros = 0;
        scan.header = false;
        return;
      }
      const kind = parameterSetKind(scan.codec, type);
      if (kind !== null) {
        scan.copying = kind;
        scan.fill = 0;
        if (scan.buffer.length === 0) scan.buffer = new Uint8Array(256);
      }
    }
    if (scan.copying !== null) copyByte(scan, b);
    if (b === 0) zeros++;
    else {
      if (b === 1 && zeros >= 2) {
        header = true;
        if (scan.copying !== null) endParameterSet(scan);
      }
      zeros = 0;
    }
  }
  scan.zeros = zeros;
  scan.header = header;
}

/** Ends a parameter set still being copied when its access unit ends. */
export function finishNalScan(scan: NalScan): void {
  if (scan.copying !== null) endParameterSet(scan);
}

function copyByte(scan: NalScan, b: number): void {
  if (scan.fill === scan.buffer.length) {
    if (scan.fill >= MAX_PARAMETER_SET) {
      scan.copying = null;
      return;
    }
    const grown = new Uint8Array(scan.buffer.length * 2);
    grown.set(scan.buffer);
    scan.buffer = grown;
  }
  scan.buffer[scan.fill++] = b;
}

/** The bytes copied end with the next start code's 0x00 0x00 0x01 (or trailing zeros): trim them. */
function endParameterSet(scan: NalScan): void {
  let n = scan.fill;
  if (n > 0 && scan.buffer[n - 1] === 1) n--;
  while (n > 0 && scan.buffer[n - 1] === 0) n--;
  const kind = scan.copying!;
  scan.copying = null;
  if (n < 2) return;
  scan.sets ??= emptyParameterSets(scan.codec);
  scan.sets[kind].push(scan.buffer.slice(0, n));
}
