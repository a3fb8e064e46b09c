import { WarmupTracker } from '../metrics/warmup.js';
import type { ClientKind, Sample } from '../run/types.js';

/** Where progress goes: stderr in the CLI, so `--json` keeps stdout for the summary. */
export interface ProgressSink {
  isTTY: boolean;
  /** The terminal's width now (it may be resized), when known: the live line never wraps. */
  columns?: () => number | undefined;
  write(text: string): void;
}

interface ClientState {
  /** Latest capture_to_display (browser frame) or capture_to_last_byte (node media), ms. */
  latency: number | null;
  latencyName: string;
  /** Stalls that began before the fixed warm-up ended: warm-up stalls whatever else happens. */
  warmupStalls: number;
  /** Starts of the later stalls (server clock): a browser's warm-up lasts until its player first
   *  reaches its target, which may come after them (then they become warm-up stalls too). */
  stallStarts: number[];
  /** The client's warm-up end as summary.json decides it (metrics/warmup.ts). */
  warmup: WarmupTracker;
  errors: number;
  samples: number;
}

function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function clientState(kind: ClientKind): ClientState {
  return {
    latency: null,
    latencyName: '',
    warmupStalls: 0,
    stallStarts: [],
    warmup: new WarmupTracker(kind),
    errors: 0,
    samples: 0,
  };
}

/**
 * The live state of a measure session, fed by the samples stream (not by polling clients):
 * renders one line such as `00:12/00:30  node c2lb 412 ms  stalls 0  errors 0`. Stalls are
 * counted as the summary counts them, after each client's warm-up (the fixed one, or a browser's
 * until its player first reaches its target), with the warm-up's own beside them
 * (`stalls 0 (+3 in warm-up)`): the live line and summary.json never disagree.
 */
export class ProgressState {
  readonly #clients = new Map<ClientKind, ClientState>();
  /** When the fixed warm-up ends (server clock, as sample times); -Infinity: no warm-up. */
  readonly #fixedEnd: number;

  /** @param run when the run started (server clock) and its fixed warm-up (ms), as the summary's */
  constructor(kinds: readonly ClientKind[], run?: { startedAt: number; warmupMs: number }) {
    this.#fixedEnd = run === undefined ? Number.NEGATIVE_INFINITY : run.startedAt + run.warmupMs;
    for (const kind of kinds) this.#clients.set(kind, clientState(kind));
  }

  onSample(sample: Sample): void {
    let state = this.#clients.get(sample.client);
    if (state === undefined) {
      state = clientState(sample.client);
      this.#clients.set(sample.client, state);
    }
    state.samples += 1;
    state.warmup.add(sample);
    if (sample.type === 'frame' && sample.capture_to_display !== null) {
      state.latency = sample.capture_to_display;
      state.latencyName = 'capture_to_display';
    } else if (
      sample.type === 'media' &&
      sample.capture_to_last_byte !== null &&
      state.latencyName !== 'capture_to_display'
    ) {
      state.latency = sample.capture_to_last_byte;
      state.latencyName = 'capture_to_last_byte';
    } else if (sample.type === 'stall') {
      if (sample.start < this.#fixedEnd) state.warmupStalls += 1;
      else state.stallStarts.push(sample.start);
    } else if (sample.type === 'error') state.errors += 1;
  }

  /**
   * The progress line; with `width`, one that fits it (a line longer than the terminal wraps,
   * and rewriting it in place then stacks copies): the long form, else a compact one
   * (`00:12/00:30 node 412ms s0 e0`), else the compact one cut with an ellipsis.
   */
  line(elapsedMs: number, totalMs: number, width?: number): string {
    const time = `${clock(elapsedMs)}/${clock(totalMs)}`;
    const long = [time];
    const short = [time];
    for (const [kind, s] of this.#clients) {
      const latency = s.latency === null ? 'no latency yet' : `${s.latencyName} ${Math.round(s.latency)} ms`;
      const { after, during } = this.#stalls(s);
      const warm = during === 0 ? '' : ` (+${during} in warm-up)`;
      long.push(`${kind}: ${latency}, stalls ${after}${warm}, errors ${s.errors}, samples ${s.samples}`);
      const ms = s.latency === null ? '-' : `${Math.round(s.latency)}ms`;
      short.push(`${kind} ${ms} s${after}${during === 0 ? '' : `+${during}w`} e${s.errors}`);
    }
    const full = long.join('  |  ');
    // A line that ends on the last column makes some terminals wrap: keep one free.
    const room = width === undefined || !(width > 1) ? Number.POSITIVE_INFINITY : width - 1;
    if (full.length <= room) return full;
    const compact = short.join(' | ');
    if (compact.length <= room) return compact;
    return room <= 1 ? '' : `${compact.slice(0, room - 1)}…`;
  }

  /** Stalls after the client's warm-up as it stands now, and during it. */
  #stalls(s: ClientState): { after: number; during: number } {
    if (this.#fixedEnd === Number.NEGATIVE_INFINITY) return { after: s.stallStarts.length, during: 0 };
    const end = s.warmup.end(this.#fixedEnd).endsAt;
    let late = 0;
    if (end > this.#fixedEnd) for (const start of s.stallStarts) if (start < end) late += 1;
    return { after: s.stallStarts.length - late, during: s.warmupStalls + late };
  }
}

/**
 * Shows a ProgressState: on a terminal one line rewritten in place a few times a second; else a
 * plain line every 5 s. Log lines are printed above the live line.
 */
export class ProgressReporter {
  readonly #sink: ProgressSink;
  readonly #state: ProgressState;
  readonly #now: () => number;
  readonly #startedAt: number;
  readonly #totalMs: number;
  readonly #timer: NodeJS.Timeout;
  #shown = false;

  constructor(options: { sink: ProgressSink; state: ProgressState; now: () => number; totalMs: number }) {
    this.#sink = options.sink;
    this.#state = options.state;
    this.#now = options.now;
    this.#startedAt = options.now();
    this.#totalMs = options.totalMs;
    this.#timer = setInterval(() => this.#tick(), this.#sink.isTTY ? 250 : 5000);
    this.#timer.unref();
  }

  log(line: string): void {
    if (this.#sink.isTTY && this.#shown) this.#sink.write('\r\x1b[2K');
    this.#sink.write(`${line}\n`);
    if (this.#sink.isTTY) this.#tick();
  }

  stop(): void {
    clearInterval(this.#timer);
    // A terminal keeps the final state on screen.
    if (this.#sink.isTTY) {
      this.#tick();
      this.#sink.write('\n');
    }
    this.#shown = false;
  }

  #tick(): void {
    const width = this.#sink.isTTY ? this.#sink.columns?.() : undefined;
    const line = this.#state.line(this.#now() - this.#startedAt, this.#totalMs, width);
    if (this.#sink.isTTY) {
      this.#sink.write(`\r\x1b[2K${line}`);
      this.#shown = true;
    } else {
      this.#sink.write(`${line}\n`);
    }
  }
}
