import type { ClientKind, Sample } from '../run/types.js';

/** Where progress goes: stderr in the CLI, so `--json` keeps stdout for the summary. */
export interface ProgressSink {
  isTTY: boolean;
  write(text: string): void;
}

interface ClientState {
  /** Latest capture_to_display (browser frame) or capture_to_last_byte (node media), ms. */
  latency: number | null;
  latencyName: string;
  stalls: number;
  errors: number;
  samples: number;
}

function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * The live state of a measure session, fed by the samples stream (not by polling clients):
 * renders one line such as `00:12/00:30  node c2lb 412 ms  stalls 0  errors 0`.
 */
export class ProgressState {
  readonly #clients = new Map<ClientKind, ClientState>();

  constructor(kinds: readonly ClientKind[]) {
    for (const kind of kinds)
      this.#clients.set(kind, { latency: null, latencyName: '', stalls: 0, errors: 0, samples: 0 });
  }

  onSample(sample: Sample): void {
    let state = this.#clients.get(sample.client);
    if (state === undefined) {
      state = { latency: null, latencyName: '', stalls: 0, errors: 0, samples: 0 };
      this.#clients.set(sample.client, state);
    }
    state.samples += 1;
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
    } else if (sample.type === 'stall') state.stalls += 1;
    else if (sample.type === 'error') state.errors += 1;
  }

  line(elapsedMs: number, totalMs: number): string {
    const parts = [`${clock(elapsedMs)}/${clock(totalMs)}`];
    for (const [kind, s] of this.#clients) {
      const latency = s.latency === null ? 'no latency yet' : `${s.latencyName} ${Math.round(s.latency)} ms`;
      parts.push(`${kind}: ${latency}, stalls ${s.stalls}, errors ${s.errors}, samples ${s.samples}`);
    }
    return parts.join('  |  ');
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
    const line = this.#state.line(this.#now() - this.#startedAt, this.#totalMs);
    if (this.#sink.isTTY) {
      this.#sink.write(`\r\x1b[2K${line}`);
      this.#shown = true;
    } else {
      this.#sink.write(`${line}\n`);
    }
  }
}
