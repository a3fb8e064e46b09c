import { firstLostSegment, retransmissionDelayMs, SEGMENT_BYTES } from './tcp-loss.js';

/** One direction of the emulated link at one moment. */
export interface LinkDirectionConfig {
  /** Rate in bit/s; null: unlimited; 0: nothing passes (bytes wait, as TCP keeps resending). */
  bitsPerSecond: number | null;
  /** Propagation delay one way (ms). */
  oneWayDelayMs: number;
  /** Each burst's one-way delay is oneWayDelayMs ± jitterMs (uniform), drawn per burst. */
  jitterMs: number;
  /** Fraction of TCP segments lost. */
  loss: number;
  /** The connection's round trip, for the time a loss costs (tcp-loss.ts). */
  rttMs: number;
}

/** A piece of a flow's bytes (null: its end of stream) and the instant it reaches the far side. */
export interface Delivery<S> {
  flow: LinkFlow<S>;
  data: Buffer | null;
  at: number;
}

/** The link's work at one instant: what it delivers, and when it wants to run again. */
export interface PumpResult<S> {
  deliveries: Delivery<S>[];
  /** When to pump next (ms, the caller's clock), or null until something is enqueued. */
  wakeAt: number | null;
}

/** Least serialisation time per slice: timers tick in ms, so slices shorter than that cost CPU. */
const SLICE_MS = 1;

/**
 * One connection's bytes in one direction: a queue of bytes not yet on the wire, and the arrival
 * time of the last bytes it sent (later bytes never arrive sooner: TCP delivers in order).
 */
export class LinkFlow<S> {
  readonly sink: S;
  readonly #chunks: Array<Buffer | null> = [];
  #queued = 0;
  /** Arrival of the last bytes scheduled (ms). */
  lastArrival = Number.NEGATIVE_INFINITY;
  /** One-way delay of the current burst (ms), drawn when the flow starts a burst. */
  burstDelayMs = 0;

  constructor(sink: S) {
    this.sink = sink;
  }

  /** Bytes waiting to be serialised. */
  get queued(): number {
    return this.#queued;
  }

  get idle(): boolean {
    return this.#chunks.length === 0;
  }

  push(data: Buffer | null): void {
    this.#chunks.push(data);
    if (data !== null) this.#queued += data.length;
  }

  /** Up to `max` bytes from the head (null: the end of stream is next). */
  take(max: number): Buffer | null {
    const head = this.#chunks[0];
    if (head === null || head === undefined) {
      this.#chunks.shift();
      return null;
    }
    if (head.length <= max) {
      this.#chunks.shift();
      this.#queued -= head.length;
      return head;
    }
    this.#chunks[0] = head.subarray(max);
    this.#queued -= max;
    return head.subarray(0, max);
  }
}

/**
 * One direction of one viewer's access line, shared by all its connections: bytes are
 * serialised at the link's rate, fairly between the connections that have something to send
 * (round robin in slices, as fq_codel, Linux's default queueing discipline, shares a link), then
 * arrive after the one-way delay. A lost segment arrives late by what TCP needs to repair it,
 * and holds up the rest of its connection meanwhile. Pure: time comes in as `now`, randomness
 * as `random`.
 */
export class LinkDirection<S> {
  #config: LinkDirectionConfig;
  readonly #random: () => number;
  /** Flows with bytes waiting, in round-robin order. */
  #active: LinkFlow<S>[] = [];
  /** When the link finishes serialising what it has committed (ms). */
  #freeAt = Number.NEGATIVE_INFINITY;

  constructor(config: LinkDirectionConfig, random: () => number) {
    this.#config = config;
    this.#random = random;
  }

  get config(): LinkDirectionConfig {
    return this.#config;
  }

  /** Bytes waiting to be serialised, over all flows. */
  get queued(): number {
    let sum = 0;
    for (const flow of this.#active) sum += flow.queued;
    return sum;
  }

  setConfig(config: LinkDirectionConfig, now: number): void {
    this.#config = config;
    // A rate change starts from now; what is on the wire already keeps its time.
    this.#freeAt = Math.max(this.#freeAt, now);
  }

  /**
   * A new flow (a connection opened). Its first bytes arrive no sooner than `holdUntil`: the
   * caller's way to charge TCP's handshake round trip to a new connection.
   */
  open(sink: S, holdUntil = Number.NEGATIVE_INFINITY): LinkFlow<S> {
    const flow = new LinkFlow(sink);
    flow.burstDelayMs = this.#drawDelay();
    flow.lastArrival = holdUntil;
    return flow;
  }

  /** Queues bytes (null: the end of the stream) of `flow`. */
  enqueue(flow: LinkFlow<S>, data: Buffer | null, now: number): void {
    if (flow.idle && flow.lastArrival <= now) flow.burstDelayMs = this.#drawDelay();
    if (this.#active.length === 0) this.#freeAt = Math.max(this.#freeAt, now);
    if (flow.idle) this.#active.push(flow);
    flow.push(data);
  }

  /** Forgets a flow (its connection closed): nothing more of it is sent. */
  remove(flow: LinkFlow<S>): void {
    this.#active = this.#active.filter((f) => f !== flow);
  }

  /** Serialises what the link can send by `now`. */
  pump(now: number): PumpResult<S> {
    const deliveries: Delivery<S>[] = [];
    const rate = this.#config.bitsPerSecond;
    if (rate === null) {
      for (const flow of this.#active) {
        while (!flow.idle) this.#arrive(flow, flow.take(Number.POSITIVE_INFINITY), now, now, deliveries);
      }
      this.#active = [];
      return { deliveries, wakeAt: null };
    }
    if (rate === 0) return { deliveries, wakeAt: null };
    const sliceBytes = Math.max(SEGMENT_BYTES, Math.floor((rate / 8 / 1000) * SLICE_MS));
    // Committing slices until the link is busy past now catches up when a timer fired late,
    // so the average rate holds whatever the event loop's jitter.
    while (this.#active.length > 0 && this.#freeAt <= now) {
      const flow = this.#active.shift() as LinkFlow<S>;
      const data = flow.take(sliceBytes);
      if (data !== null) this.#freeAt += (data.length * 8 * 1000) / rate;
      this.#arrive(flow, data, this.#freeAt, now, deliveries);
      if (!flow.idle) this.#active.push(flow);
    }
    return { deliveries, wakeAt: this.#active.length > 0 ? this.#freeAt : null };
  }

  /** Schedules the arrival of bytes whose last bit left at `sentAt`, with loss applied. */
  #arrive(flow: LinkFlow<S>, data: Buffer | null, sentAt: number, now: number, out: Delivery<S>[]): void {
    const arrival = Math.max(flow.lastArrival, sentAt + flow.burstDelayMs);
    if (data === null || this.#config.loss <= 0) {
      flow.lastArrival = arrival;
      out.push({ flow, data, at: arrival });
      return;
    }
    const segments = Math.ceil(data.length / SEGMENT_BYTES);
    const lost = firstLostSegment(segments, this.#config.loss, this.#random);
    if (lost < 0) {
      flow.lastArrival = arrival;
      out.push({ flow, data, at: arrival });
      return;
    }
    // The segments before the lost one arrive on time; it and all after it wait for its repair.
    const cut = lost * SEGMENT_BYTES;
    if (cut > 0) out.push({ flow, data: data.subarray(0, cut), at: arrival });
    const segmentsAfter = segments - lost - 1 + Math.ceil(flow.queued / SEGMENT_BYTES);
    const inFlight = segmentsAfter + lost + 1 + (flow.lastArrival > now ? 1 : 0);
    const repaired =
      arrival +
      retransmissionDelayMs({ rttMs: this.#config.rttMs, segmentsAfter, segmentsInFlight: inFlight });
    flow.lastArrival = repaired;
    out.push({ flow, data: data.subarray(cut), at: repaired });
  }

  #drawDelay(): number {
    const { oneWayDelayMs, jitterMs } = this.#config;
    if (jitterMs <= 0) return oneWayDelayMs;
    return Math.max(0, oneWayDelayMs + (this.#random() * 2 - 1) * jitterMs);
  }
}
