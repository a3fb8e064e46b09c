import type { FrameCodeLayout } from '../../src/hls/timestamps.js';

/** Bits of the frame code: floor(capture ms) mod 2^24 repeats every 4.66 hours, far longer than
 *  any playlist window, so a code names one frame unambiguously. */
export const FRAME_CODE_BITS = 24;

/** Smallest block that survives H.264 at low bitrates (a 16x16 macroblock each). */
const MIN_BLOCK = 16;

/**
 * The frame-code strip for a resolution: at (0, 0), `bits + 2` square blocks of
 * `max(16, floor(width / 40))` pixels. Returns null when the strip does not fit the frame (the
 * test source then draws no code and timestamps.json says so).
 */
export function frameCodeLayout(width: number, height: number): FrameCodeLayout | null {
  const blockSize = Math.max(MIN_BLOCK, Math.floor(width / 40));
  if ((FRAME_CODE_BITS + 2) * blockSize > width || blockSize > height) return null;
  return {
    kind: 'capture-ms',
    bits: FRAME_CODE_BITS,
    x: 0,
    y: 0,
    blockSize,
    frameWidth: width,
    frameHeight: height,
  };
}

/** The code drawn for a capture instant (epoch ms): floor(capture) mod 2^bits. */
export function frameCodeFor(captureMs: number, bits: number = FRAME_CODE_BITS): number {
  return Math.floor(captureMs) % 2 ** bits;
}

/**
 * FFmpeg filters (comma-joined chain) drawing the strip. `t` is the frame's PTS in seconds, which
 * is the wall clock after `settb=AVTB,setpts=...`. The drawn value must be what the packager
 * computes from the 90 kHz PTS in the TS: FFmpeg rounds the µs PTS to the nearest 90 kHz tick, the
 * packager divides by 90, so we draw floor(round(t * 90000) / 90), not floor(t * 1000).
 */
export function frameCodeFilters(layout: FrameCodeLayout): string {
  const b = layout.blockSize;
  const box = (index: number, color: string, enable?: string): string =>
    `drawbox=x=${layout.x + index * b}:y=${layout.y}:w=${b}:h=${b}:color=${color}:t=fill` +
    (enable === undefined ? '' : `:enable='${enable}'`);
  const ms = 'floor(floor(t*90000+0.5)/90)';
  const filters = [
    `drawbox=x=${layout.x}:y=${layout.y}:w=${(layout.bits + 2) * b}:h=${b}:color=black:t=fill`,
    box(0, 'white'),
  ];
  for (let j = 0; j < layout.bits; j++) {
    const bit = layout.bits - 1 - j;
    filters.push(box(j + 2, 'white', `mod(floor(${ms}/${2 ** bit}),2)`));
  }
  return filters.join(',');
}
