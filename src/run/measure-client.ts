import type { ClientInfo, ClientKind, ClientSummary, Finding, Sample } from './types.js';

/**
 * What the measure session gives a client (node or browser). The session owns the clock offset,
 * the run writer and progress; a client only plays the stream and emits samples.
 */
export interface MeasureContext {
  /** The stream URL (playlist) as the user gave it. */
  url: string;
  /** Play for this long (ms) unless aborted. */
  durationMs: number;
  /** Aborted on Ctrl-C or when the duration is over; a client then stops promptly and returns. */
  signal: AbortSignal;
  /** Client epoch ms (performance.timeOrigin + performance.now()) → server clock epoch ms. */
  toServerTime(clientEpochMs: number): number;
  /** Record a sample (instants already on the server clock). Appended to samples.jsonl at once. */
  emit(sample: Sample): void;
  /** A short human line for progress/verbose output (not a sample). */
  log(line: string): void;
}

/** What a client returns when it stops; statistics over samples are computed by src/metrics. */
export interface ClientOutcome {
  kind: ClientKind;
  /** Protocol findings (node client); [] when the client does not check the protocol. */
  findings: Finding[];
  /** Counters: parts, blocking reloads, hint requests, bytes fetched twice, ... */
  counters: Record<string, number>;
  /** Extra per-client summary fields the client alone can know (convergence, low-latency verdict). */
  summary?: Partial<Pick<ClientSummary, 'convergence' | 'lowLatency' | 'startupMs'>>;
  /** Per-viewer counters with --viewers > 1 (index = viewer). */
  viewers?: Array<Record<string, number>>;
  /** Why the client gave up or could not measure what it was asked to (the server went away):
   *  the run ends `failed`, with everything measured until then. */
  failure?: { code: string; message: string };
  /** Lines a reader must not miss, added to the summary's warnings (an outage the server came
   *  back from, a playlist that stopped updating). */
  warnings?: string[];
}

export interface MeasureClient {
  readonly kind: ClientKind;
  /** Static description recorded in run.json (player version, effective config, ...). */
  info(): ClientInfo;
  /** Plays until ctx.signal aborts or ctx.durationMs elapses. Must not throw for a server's
   *  misbehaviour (emit error samples instead); throws LlhlsError for a user mistake found at
   *  start (unreachable URL, 404, not a playlist, browser missing). */
  run(ctx: MeasureContext): Promise<ClientOutcome>;
}
