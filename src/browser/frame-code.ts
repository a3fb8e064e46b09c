import type { FrameCodeLayout } from '../hls/timestamps.js';

/**
 * Reading the llhls test source's frame code back from a displayed frame. The page does the
 * cheap part (draw the code strip into a tiny canvas, average the centre of every block); this
 * pure module turns those block means into a code, so the rule is unit-tested in Node.
 */

/** Where the strip sits in the displayed video, in the video's own pixels (videoWidth/Height). */
export interface StripGeometry {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Number of blocks (2 references + bits). */
  blocks: number;
}

/** Scales the layout (given in encoded-frame pixels) to the size the decoder delivered. */
export function stripGeometry(
  layout: FrameCodeLayout,
  videoWidth: number,
  videoHeight: number,
): StripGeometry {
  const sx = videoWidth / layout.frameWidth;
  const sy = videoHeight / layout.frameHeight;
  const blocks = layout.bits + 2;
  return {
    x: layout.x * sx,
    y: layout.y * sy,
    width: blocks * layout.blockSize * sx,
    height: layout.blockSize * sy,
    blocks,
  };
}

/** Minimum luma difference (0-255) between the white and the black reference blocks. Encoders
 *  blur and shift levels a little; a gap below this means the strip is not there (scaled away,
 *  covered, or a frame from another source), and guessing would give a wrong capture time. */
export const MIN_REFERENCE_CONTRAST = 64;

export type FrameCodeResult =
  | { ok: true; code: number; contrast: number }
  | { ok: false; reason: 'references-not-apart' | 'wrong-block-count'; contrast: number };

/**
 * Decodes one frame's block means (luma 0-255, block 0 white reference, block 1 black reference,
 * then bits most significant first, white = 1). The threshold sits halfway between the two
 * references, so a global brightness or contrast change by the encoder does not flip bits.
 */
export function decodeFrameCode(means: ArrayLike<number>, layout: FrameCodeLayout): FrameCodeResult {
  const white = means[0] ?? 0;
  const black = means[1] ?? 0;
  const contrast = white - black;
  if (means.length !== layout.bits + 2) return { ok: false, reason: 'wrong-block-count', contrast };
  if (contrast < MIN_REFERENCE_CONTRAST) return { ok: false, reason: 'references-not-apart', contrast };
  const threshold = (white + black) / 2;
  let code = 0;
  for (let i = 0; i < layout.bits; i++) {
    // Multiplication instead of a shift: 2^31 and above would turn negative with `<<`.
    code = code * 2 + ((means[i + 2] ?? 0) > threshold ? 1 : 0);
  }
  return { ok: true, code, contrast };
}

/** The code the test source draws for a capture instant. */
export function frameCodeOf(captureMs: number, bits: number): number {
  return Math.floor(captureMs) % 2 ** bits;
}
