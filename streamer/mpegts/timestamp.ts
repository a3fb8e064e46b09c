/**
 * PTS and DTS are 33-bit counters at 90 kHz: they wrap every 2^33 / 90000 s (about 26.5 hours).
 * Unwrapping picks, for a raw value, the k in raw + k * 2^33 closest to a reference (the last
 * unwrapped DTS of the PID), so values keep increasing across a wrap while small steps backwards
 * (PTS ahead of DTS with B-frames, jitter between streams) stay small steps backwards.
 * @see ISO/IEC 13818-1 §2.4.3.7 (PTS, DTS)
 */

export const TIMESTAMP_WRAP = 2 ** 33;

/** raw + k * 2^33 nearest to `reference`; raw itself when there is no reference yet (NaN). */
export function unwrapTimestamp(raw: number, reference: number): number {
  if (Number.isNaN(reference)) return raw;
  return raw + Math.round((reference - raw) / TIMESTAMP_WRAP) * TIMESTAMP_WRAP;
}
