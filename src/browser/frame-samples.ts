import { captureToDisplay } from '../metrics/latency.js';
import { median } from '../metrics/percentiles.js';
import { CaptureTimeSource, type FrameSample } from '../run/types.js';
import { decodeFrameCode } from './frame-code.js';
import type { PageFrame } from './page-report.js';
import type { TimestampsView } from './timestamps-view.js';

/** Slack on top of one frame interval before the two capture figures are said to disagree:
 *  display instants and PDT mappings are each good to a few ms, a frame interval is the unit
 *  either can be off by (which frame the player thinks it shows). */
export const DISAGREEMENT_SLACK_MS = 20;

/**
 * Turns the page's per-frame record into a FrameSample and keeps the counters the summary needs.
 * Pure: the clock conversion comes in as a function.
 */
export class FrameTally {
  frames = 0;
  /** The strip was read and decoded (references apart). */
  decoded = 0;
  /** The decoded code was found in timestamps.json. */
  matched = 0;
  /** Both capture figures known. */
  compared = 0;
  /** |captureByCode - captureByPdt| > frame interval + slack. */
  disagreements = 0;
  /** presentedFrames advanced by more than one between callbacks: frames the page did not see. */
  missedCallbacks = 0;
  /** captureByPdt - captureByCode of every compared frame (ms): positive = PDT says younger. */
  readonly differences: number[] = [];
  #lastPresented: number | null = null;

  constructor(
    readonly view: TimestampsView | null,
    readonly toServerTime: (clientEpochMs: number) => number,
  ) {}

  get frameIntervalMs(): number {
    const rate = this.view?.stream.frameRate ?? null;
    return rate !== null && rate > 0 ? 1000 / rate : 1000 / 30;
  }

  sample(frame: PageFrame): FrameSample {
    this.frames++;
    if (this.#lastPresented !== null && frame.n > this.#lastPresented + 1) {
      this.missedCallbacks += frame.n - this.#lastPresented - 1;
    }
    this.#lastPresented = frame.n;
    const display = this.toServerTime(frame.d);
    let frameCode: number | null = null;
    let captureByCode: number | null = null;
    const layout = this.view?.frameCode ?? null;
    if (layout !== null && frame.b !== null) {
      const result = decodeFrameCode(frame.b, layout);
      if (result.ok) {
        this.decoded++;
        frameCode = result.code;
        captureByCode = this.view?.codes?.lookup(result.code) ?? null;
        if (captureByCode !== null) this.matched++;
      }
    }
    const captureByPdt = frame.p;
    if (captureByCode !== null && captureByPdt !== null) {
      this.compared++;
      const difference = captureByPdt - captureByCode;
      this.differences.push(difference);
      if (Math.abs(difference) > this.frameIntervalMs + DISAGREEMENT_SLACK_MS) this.disagreements++;
    }
    const best = captureByCode ?? captureByPdt;
    return {
      type: 'frame',
      t: display,
      client: 'browser',
      viewer: 0,
      display,
      mediaTime: frame.m,
      frameCode,
      captureByCode,
      captureByPdt,
      capture_to_display: captureToDisplay(display, best),
      capture_to_display_pdt: captureToDisplay(display, captureByPdt),
      captureSource:
        captureByCode !== null
          ? CaptureTimeSource.FrameCode
          : captureByPdt !== null
            ? CaptureTimeSource.ProgramDateTime
            : null,
    };
  }

  /** Median of the per-frame differences (PDT minus frame code), ms; null before any. */
  medianDifference(): number | null {
    return median(this.differences);
  }
}
