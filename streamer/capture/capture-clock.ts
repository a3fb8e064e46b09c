/**
 * Capture times from 90 kHz PTS. Pure: the arrival time of each frame is a parameter.
 */

/** The MPEG-TS PTS field is 33 bits wide. */
export const PTS_WRAP_TICKS = 2 ** 33;

/** Wrap period in ms (~26.5 h): the wall clock is recovered if it is within half of this. */
const WRAP_MS = PTS_WRAP_TICKS / 90;

/**
 * For streams whose PTS is the wall clock (our FFmpeg sources: `setpts=RTCSTART+...` or
 * `setpts=RTCTIME` in AVTB, written to the TS as round(µs * 0.09) mod 2^33): the epoch ms value
 * congruent to the PTS modulo 2^33 ticks that is nearest to the frame's arrival. The arrival is
 * only used to choose the wrap; the result is the capture instant itself, to 1/90 ms.
 *
 * @param pts90k unwrapped 90 kHz PTS (raw + k * 2^33; any k)
 * @param arrival epoch ms when the frame's bytes reached the packager
 */
export function wallclockCapture(pts90k: number, arrival: number): number {
  const ticks = ((pts90k % PTS_WRAP_TICKS) + PTS_WRAP_TICKS) % PTS_WRAP_TICKS;
  const k = Math.round((arrival - ticks / 90) / WRAP_MS);
  // One division of an exact integer (< 2^53): a whole-ms capture stays exact, so floor() gives
  // the frame code the test source drew.
  return (ticks + k * PTS_WRAP_TICKS) / 90;
}

/**
 * For external streams (`--input`), whose timestamps mean nothing on our clock: capture =
 * anchor + (pts - pts0) / 90, anchored at the first frame's arrival. A frame cannot be captured
 * after it arrived, so a frame that arrives earlier than its anchored capture lowers the anchor
 * (the first frame may have been delayed); a jump in the stream's timestamps of more than
 * `maxSkewMs` against arrival re-anchors, as does a frame that starts a new timeline (`anew`: the
 * packager found the timestamps jumped) and `reset()` (after a restart).
 */
export class ArrivalAnchoredClock {
  readonly #maxSkewMs: number;
  #pts0 = Number.NaN;
  #anchor = Number.NaN;

  constructor(maxSkewMs = 5000) {
    this.#maxSkewMs = maxSkewMs;
  }

  /** Epoch ms capture of a frame with this unwrapped PTS that arrived at `arrival`. */
  capture(pts90k: number, arrival: number, anew = false): number {
    if (anew || Number.isNaN(this.#anchor)) return this.#anchorAt(pts90k, arrival);
    const capture = this.#anchor + (pts90k - this.#pts0) / 90;
    if (Math.abs(capture - arrival) > this.#maxSkewMs) return this.#anchorAt(pts90k, arrival);
    if (capture > arrival) {
      this.#anchor -= capture - arrival;
      return arrival;
    }
    return capture;
  }

  /** Forget the anchor: the next frame anchors anew. */
  reset(): void {
    this.#pts0 = Number.NaN;
    this.#anchor = Number.NaN;
  }

  #anchorAt(pts90k: number, arrival: number): number {
    this.#pts0 = pts90k;
    this.#anchor = arrival;
    return arrival;
  }
}
