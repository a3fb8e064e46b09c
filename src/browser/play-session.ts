import { lowLatencyVerdict } from '../metrics/low-latency-verdict.js';
import type { ClientOutcome, MeasureContext } from '../run/measure-client.js';
import type { Sample } from '../run/types.js';
import { ConvergenceTracker } from './convergence.js';
import { DISAGREEMENT_SLACK_MS, FrameTally } from './frame-samples.js';
import type { NetworkObserver } from './network-observer.js';
import type { PageBatch, PageFrame, PageStall } from './page-report.js';
import { errorSample, eventSample, loadSample, playerSample, stallSample } from './page-samples.js';
import type { TimestampsView } from './timestamps-view.js';

/** Frames whose code is not in timestamps.json after this long are emitted without it. */
const MAX_PENDING_MS = 3000;

/**
 * The state of one play: the page's batches in, samples out, and the outcome at the end.
 * Frames of a frame-code stream are held until the next /timestamps.json refresh (their part
 * may be newer than the last one fetched), then emitted with their capture.
 */
export class PlaySession {
  readonly convergence: ConvergenceTracker;
  readonly #pending: Array<{ frame: PageFrame; arrivedAt: number }> = [];
  #startupMs: number | null = null;
  #stalls = 0;
  #stallMs = 0;
  #errors = 0;
  #fatal = 0;
  #playerParts = 0;
  #playerSegments = 0;
  #tally: FrameTally | null = null;
  #openStall: PageStall | null = null;
  /** Called once, on the player's first fatal error (the play cannot go on). */
  onFatal: ((code: string, message: string) => void) | null = null;

  constructor(
    readonly ctx: MeasureContext,
    readonly startedAt: number,
    readonly view: () => TimestampsView | null,
  ) {
    this.convergence = new ConvergenceTracker(startedAt);
  }

  #frames(): FrameTally {
    this.#tally ??= new FrameTally(this.view(), this.ctx.toServerTime);
    return this.#tally;
  }

  #emit(sample: Sample): void {
    this.ctx.emit(sample);
  }

  error(code: string, message: string, fatal: boolean): void {
    this.#errors++;
    if (fatal) this.#fatal++;
    const t = this.ctx.toServerTime(performance.timeOrigin + performance.now());
    this.#emit({ type: 'error', t, client: 'browser', viewer: 0, code, message, fatal, uri: null });
  }

  onBatch(batch: PageBatch): void {
    const toServer = this.ctx.toServerTime;
    for (const e of batch.events) {
      if (e.name === 'startup' && typeof e.detail['startupMs'] === 'number')
        this.#startupMs = e.detail['startupMs'];
      this.#emit(eventSample(e, toServer));
    }
    for (const e of batch.errors) {
      this.#errors++;
      this.#emit(errorSample(e, toServer));
      if (e.fatal && this.#fatal++ === 0) this.onFatal?.(e.code, e.message);
    }
    for (const l of batch.loads) {
      if (l.kind === 'part') this.#playerParts++;
      else this.#playerSegments++;
      this.#emit(loadSample(l, toServer));
    }
    for (const s of batch.stalls) {
      // Emitted once, when it ends, or at the end of the run if it never does.
      this.#openStall = s.end === null ? s : null;
      if (s.end === null) continue;
      this.#stalls++;
      this.#stallMs += s.end - s.start;
      this.#emit(stallSample(s, toServer));
    }
    for (const s of batch.states) {
      const sample = playerSample(s, toServer);
      this.#emit(sample);
      if (this.convergence.add(sample.t, s.latency, s.targetLatency)) {
        this.#emit({
          type: 'event',
          t: sample.t,
          client: 'browser',
          viewer: 0,
          name: 'target-reached',
          detail: { latency: s.latency, targetLatency: s.targetLatency },
        });
      }
    }
    const now = Date.now();
    if (this.view()?.frameCode) {
      for (const frame of batch.frames) this.#pending.push({ frame, arrivedAt: now });
    } else {
      for (const frame of batch.frames) this.#emit(this.#frames().sample(frame));
    }
  }

  /** Emits the frames that arrived before `requestedAt` (the index now holds their codes), and
   *  any older than MAX_PENDING_MS whatever happened to the refresh. */
  release(requestedAt: number): void {
    const now = Date.now();
    while (this.#pending.length > 0) {
      const head = this.#pending[0]!;
      if (head.arrivedAt >= requestedAt && now - head.arrivedAt < MAX_PENDING_MS) break;
      this.#pending.shift();
      this.#emit(this.#frames().sample(head.frame));
    }
  }

  outcome(network: NetworkObserver, view: TimestampsView | null): ClientOutcome {
    const tally = this.#frames();
    const n = network.counters;
    if (this.#openStall !== null) {
      this.#stalls++;
      this.#emit(stallSample(this.#openStall, this.ctx.toServerTime));
    }
    const counters: Record<string, number> = {
      frames: tally.frames,
      framesDecoded: tally.decoded,
      framesMatched: tally.matched,
      framesCompared: tally.compared,
      pdtDisagreements: tally.disagreements,
      missedFrameCallbacks: tally.missedCallbacks,
      stalls: this.#stalls,
      stallMs: this.#stallMs,
      errors: this.#errors,
      fatalErrors: this.#fatal,
      playerPartLoads: this.#playerParts,
      playerSegmentLoads: this.#playerSegments,
      ...n,
    };
    const median = tally.medianDifference();
    if (median !== null) {
      counters['pdtMinusFrameCodeMedianMs'] = median;
      // A server whose PROGRAM-DATE-TIME lies is caught here: reports read this event.
      this.#emit({
        type: 'event',
        t: this.ctx.toServerTime(performance.timeOrigin + performance.now()),
        client: 'browser',
        viewer: 0,
        name: 'pdt-check',
        detail: {
          compared: tally.compared,
          disagreements: tally.disagreements,
          medianPdtMinusFrameCodeMs: median,
          thresholdMs: tally.frameIntervalMs + DISAGREEMENT_SLACK_MS,
        },
      });
    }
    if (view?.frameCode && tally.disagreements > 0) {
      this.ctx.log(
        `browser: PROGRAM-DATE-TIME and the frame code disagree by more than a frame + 20 ms on ` +
          `${tally.disagreements} of ${tally.compared} frames (median PDT - code ${median?.toFixed(1)} ms)`,
      );
    }
    const counts = {
      parts: n.parts,
      blockingReloads: n.blockingReloads,
      hintRequests: n.hintRequests,
      segments: n.segments,
    };
    return {
      kind: 'browser',
      findings: [],
      counters,
      summary: {
        startupMs: this.#startupMs,
        convergence: this.convergence.result(),
        lowLatency: { ...counts, verdict: lowLatencyVerdict(counts) },
      },
    };
  }
}
