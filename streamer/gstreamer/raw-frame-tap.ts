import { decodeFrameCode } from '../../src/browser/frame-code.js';
import type { FrameCodeLayout } from '../../src/hls/timestamps.js';

/** A raw frame that passed from FFmpeg to GStreamer. */
export interface TappedFrame {
  /** 0 for the first frame the pipeline read. */
  index: number;
  /** When its last byte reached llhls (epoch ms). */
  arrival: number;
  /** Offset just past its last byte in the chunk that completed it. */
  end: number;
  /** Its capture time (epoch ms): from the frame code in its pixels when the source draws one,
   *  else its arrival. */
  capture: number;
}

/**
 * Watches the raw I420 frames (rawvideo, yuv420p) FFmpeg writes to GStreamer's stdin: counts
 * frame boundaries and reads each frame's code from its luma before the encoder sees it, so
 * capture times are the test source's own (what the browser client reads back from displayed
 * frames). Pure: bytes and arrival instants in, frames out; chunks may split frames anywhere.
 */
export class RawFrameTap {
  readonly #frameBytes: number;
  readonly #width: number;
  readonly #layout: FrameCodeLayout | null;
  /** The first rows of the current frame (where the code strip is). */
  readonly #head: Uint8Array;
  #at = 0;
  #index = 0;

  constructor(width: number, height: number, layout: FrameCodeLayout | null) {
    this.#width = width;
    this.#frameBytes = (width * height * 3) / 2;
    this.#layout = layout;
    this.#head = new Uint8Array(layout === null ? 0 : width * (layout.y + layout.blockSize));
  }

  /** Frames whose last byte is in this chunk. */
  push(chunk: Uint8Array, arrival: number): TappedFrame[] {
    const frames: TappedFrame[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(chunk.length - offset, this.#frameBytes - this.#at);
      if (this.#at < this.#head.length) {
        const n = Math.min(take, this.#head.length - this.#at);
        this.#head.set(chunk.subarray(offset, offset + n), this.#at);
      }
      this.#at += take;
      offset += take;
      if (this.#at === this.#frameBytes) {
        frames.push({ index: this.#index++, arrival, end: offset, capture: this.#capture(arrival) });
        this.#at = 0;
      }
    }
    return frames;
  }

  #capture(arrival: number): number {
    const layout = this.#layout;
    if (layout === null) return arrival;
    const b = layout.blockSize;
    const means: number[] = [];
    const row = (layout.y + Math.floor(b / 2)) * this.#width;
    for (let i = 0; i < layout.bits + 2; i++)
      means.push(this.#head[row + layout.x + i * b + Math.floor(b / 2)]!);
    const result = decodeFrameCode(means, layout);
    return result.ok ? captureFromCode(result.code, layout.bits, arrival) : arrival;
  }
}

/** The epoch ms (whole) whose code, floor(ms) mod 2^bits, is `code`, at or before `arrival`: a
 *  frame is made before llhls reads it, and 2^24 ms (4.7 h) leaves no doubt which one. */
export function captureFromCode(code: number, bits: number, arrival: number): number {
  const modulus = 2 ** bits;
  const now = Math.floor(arrival);
  return now - ((((now - code) % modulus) + modulus) % modulus);
}
