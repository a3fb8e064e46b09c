/**
 * Finds whether an H.264 access unit is a keyframe by reading its NAL unit headers in Annex B
 * byte stream order, stopping at the first slice: the IDR flag is in the slice's nal_unit_type,
 * so the rest of the frame is never read. State carries across packets because a start code or
 * a NAL header may straddle two of them.
 * @see ITU-T H.264 §7.3.1 (NAL unit syntax), Table 7-1 (nal_unit_type), Annex B (byte stream)
 */

export const NAL_SLICE = 1;
export const NAL_IDR_SLICE = 5;

export interface NalScan {
  /** The first slice has been seen: stop scanning. */
  done: boolean;
  /** That slice was IDR. */
  idr: boolean;
  /** Consecutive 0x00 bytes just before the current position (capped at 2 is enough). */
  zeros: number;
  /** A start code just ended: the next byte is a NAL header. */
  header: boolean;
}

export function newNalScan(): NalScan {
  return { done: false, idr: false, zeros: 0, header: false };
}

export function resetNalScan(scan: NalScan): void {
  scan.done = false;
  scan.idr = false;
  scan.zeros = 0;
  scan.header = false;
}

/** Scans bytes [start, end) until the first slice NAL unit; returns early once it is found. */
export function scanNalUnits(scan: NalScan, bytes: Uint8Array, start: number, end: number): void {
  let zeros = scan.zeros;
  let header = scan.header;
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    if (header) {
      header = false;
      const type = b & 0x1f;
      if (type === NAL_SLICE || type === NAL_IDR_SLICE) {
        scan.done = true;
        scan.idr = type === NAL_IDR_SLICE;
        scan.zeros = 0;
        scan.header = false;
        return;
      }
    }
    if (b === 0) zeros++;
    else {
      if (b === 1 && zeros >= 2) header = true;
      zeros = 0;
    }
  }
  scan.zeros = zeros;
  scan.header = header;
}
