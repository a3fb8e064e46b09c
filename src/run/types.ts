/**
 * The run format: what `llhls measure` writes and what `llhls report` / `llhls compare` read, and
 * nothing else. A run directory holds run.json (RunInfo), samples.jsonl (one Sample per line) and
 * summary.json (RunSummary). JSON Schemas: schemas/run.schema.json, sample.schema.json,
 * summary.schema.json. Vocabulary: shared MEASUREMENT.md.
 *
 * Conventions:
 * - Every instant is Unix epoch milliseconds on the SERVER clock (client instants are corrected by
 *   subtracting the measured offset, client minus server); fractions allowed.
 * - Every duration is milliseconds.
 * - Additive changes keep the version; anything that changes a meaning bumps it.
 */
export const RUN_SCHEMA = 'llhls.run/1';
export const SAMPLE_SCHEMA = 'llhls.sample/2';
export const SUMMARY_SCHEMA = 'llhls.summary/1';

export const ClientKind = { Node: 'node', Browser: 'browser' } as const;
export type ClientKind = (typeof ClientKind)[keyof typeof ClientKind];

/** Per-request timing, one shape everywhere: epoch ms (server clock after correction). */
export interface RequestTiming {
  start: number;
  firstByte: number | null;
  end: number | null;
}

/** Where a sample's capture time came from, best first (MEASUREMENT.md). */
export const CaptureTimeSource = {
  FrameCode: 'frame-code',
  Timestamps: 'timestamps',
  ProgramDateTime: 'program-date-time',
} as const;
export type CaptureTimeSource = (typeof CaptureTimeSource)[keyof typeof CaptureTimeSource];

export const ClockMethod = {
  HttpTime: 'http-time',
  HttpDate: 'http-date',
  Chrony: 'chrony',
  Assumed: 'assumed',
  /** The server runs on this host: one clock, offset 0 (a probe that agreed is in `note`). */
  SameHost: 'same-host',
} as const;
export type ClockMethod = (typeof ClockMethod)[keyof typeof ClockMethod];

export interface ClockOffset {
  method: ClockMethod;
  /** client minus server, ms. 0 when assumed. */
  offsetMs: number;
  /** half the round trip of the best probe (http-time); for http-date the window left by the 1 s
   *  resolution of Date (500 ms for one probe, narrower when several probes time the rollover);
   *  null when assumed. */
  uncertaintyMs: number | null;
  /** client clock, epoch ms. */
  measuredAt: number;
  probes: number;
  bestRttMs: number | null;
  note?: string;
}

export interface ClientInfo {
  kind: ClientKind;
  /** node: number of simulated viewers. */
  viewers?: number;
  /** browser: player name and version, e.g. hls.js 1.7.4; browser name and version. */
  player?: {
    name: string;
    version: string;
    /** What llhls passed: its low-latency defaults with --hls-config on top. */
    config: Record<string, unknown>;
    /** What the player resolved from it (every option with a JSON value), read after start. */
    resolvedConfig?: Record<string, unknown>;
  };
  browser?: { name: string; version: string; executablePath: string; headed: boolean };
  config?: Record<string, unknown>;
}

export interface RunInfo {
  schema: typeof RUN_SCHEMA;
  id: string;
  label: string;
  url: string;
  tool: { name: 'llhls'; version: string };
  /** argv after the node binary, as typed. */
  command: string[];
  clients: ClientInfo[];
  host: { hostname: string; platform: string; arch: string; cpus: number; node: string };
  /** What the server said about itself (timestamps.json stream info) if it publishes it. */
  stream: Record<string, unknown> | null;
  /** The streamer's configuration when llhls started it (compare/demo); null for a URL. */
  streamer: Record<string, unknown> | null;
  clock: {
    before: ClockOffset;
    after: ClockOffset | null;
    /** |after - before| offset, ms, when both were measured. */
    driftMs: number | null;
    /** The offset applied to client instants (usually before.offsetMs). */
    appliedOffsetMs: number;
    warnings: string[];
  };
  startedAt: number;
  endedAt: number | null;
  durationMs: number;
  warmupMs: number;
  status: 'running' | 'complete' | 'interrupted' | 'failed';
  error: string | null;
  /** The signal that interrupted the run (SIGINT, SIGTERM, SIGHUP), else null. */
  signal: string | null;
  /** Which TLS certificates the clients trusted: `--insecure`, `--ca FILE` (as given). */
  tls: { insecure: boolean; ca: string | null };
  files: { samples: string; summary: string };
}

interface SampleBase {
  /** The instant the sample refers to (server clock). */
  t: number;
  client: ClientKind;
  /** node: simulated viewer index (0-based); browser: 0. */
  viewer: number;
}

/** A media request: a part, a whole segment, or a hinted part (node client; browser from network). */
export interface MediaSample extends SampleBase {
  type: 'media';
  kind: 'part' | 'segment';
  uri: string;
  msn: number;
  /** part index within segment; null for a whole segment. */
  part: number | null;
  /** the request was for the EXT-X-PRELOAD-HINT URI, sent before the part was listed. */
  hinted: boolean;
  status: number;
  bytes: number;
  timing: RequestTiming;
  duration: number | null; // seconds, from the playlist
  /** capture time of the first frame; null when unknown. */
  capture: number | null;
  captureSource: CaptureTimeSource | null;
  /** publish time from timestamps.json; null when the server does not publish it. */
  publish: number | null;
  capture_to_first_byte: number | null;
  capture_to_last_byte: number | null;
  delivery: number | null;
  /** How the body arrived: whole at line rate, or dribbled while produced. */
  transfer: 'whole' | 'chunked' | 'unknown';
  serverTiming: Record<string, number> | null;
  error: string | null;
}

export interface PlaylistSample extends SampleBase {
  type: 'playlist';
  uri: string;
  /** Blocking-reload and skip parameters sent. */
  request: { msn: number | null; part: number | null; skip: boolean };
  status: number;
  timing: RequestTiming;
  /** how long the server held the request: firstByte - start minus the best round trip, >= 0. */
  playlist_hold: number | null;
  mediaSequence: number | null;
  /** Last complete segment's msn and the last listed part (msn, part) in the response. */
  lastMsn: number | null;
  lastPart: { msn: number; part: number } | null;
  skipped: number | null;
  bytes: number;
  serverTiming: Record<string, number> | null;
  error: string | null;
}

/** A displayed frame (browser client). */
export interface FrameSample extends SampleBase {
  type: 'frame';
  /** display instant (server clock). */
  display: number;
  mediaTime: number;
  frameCode: number | null;
  /** capture from the frame code looked up in timestamps.json. */
  captureByCode: number | null;
  /** capture from the player's PROGRAM-DATE-TIME mapping. */
  captureByPdt: number | null;
  /** best available: frame code first, else PDT. */
  capture_to_display: number | null;
  capture_to_display_pdt: number | null;
  captureSource: CaptureTimeSource | null;
}

/** Simulated playout (node client): one per displayed part of the simulated player. */
export interface PlayoutSample extends SampleBase {
  type: 'playout';
  msn: number;
  part: number | null;
  /** when the simulated player would start showing this part. */
  display: number;
  capture: number | null;
  /** estimated_display: display (above) − capture of the part's first frame; the simulated
   *  player's estimate, no display (docs/MEASUREMENT.md). `capture_to_display` in llhls.sample/1. */
  estimated_display: number | null;
}

/** Player state over time (browser: hls.js; node: the simulated player). */
export interface PlayerSample extends SampleBase {
  type: 'player';
  latency: number | null; // s, player's own figure (hls.js latency)
  targetLatency: number | null;
  drift: number | null;
  playbackRate: number;
  bufferAhead: number; // s
  droppedFrames: number | null;
  totalFrames: number | null;
}

export interface StallSample extends SampleBase {
  type: 'stall';
  start: number;
  end: number | null;
  durationMs: number | null;
  /**
   * `underrun`: the player ran out of media to show (rebuffering). `seek`: the picture froze
   * while the player was seeking on its own (a live-sync jump or a gap nudge), then jumped.
   * Absent: not known (the node client's simulated player only underruns).
   */
  cause?: StallCause;
  /**
   * browser: seconds of media buffered ahead of the playhead when the picture froze. Not zero
   * for an underrun: Chromium's decoder works ahead of the picture, and here froze with
   * 0.157-0.189 s still buffered (hls.js, 720p30) when the next part came too late for it.
   */
  bufferAhead?: number;
}

export const StallCause = { Underrun: 'underrun', Seek: 'seek' } as const;
export type StallCause = (typeof StallCause)[keyof typeof StallCause];

export interface EventSample extends SampleBase {
  type: 'event';
  /** e.g. startup, first-frame, reload-backoff, clock, player-event, discontinuity */
  name: string;
  detail: Record<string, unknown>;
}

export interface ErrorSample extends SampleBase {
  type: 'error';
  code: string;
  message: string;
  fatal: boolean;
  uri: string | null;
}

export type Sample =
  | MediaSample
  | PlaylistSample
  | FrameSample
  | PlayoutSample
  | PlayerSample
  | StallSample
  | EventSample
  | ErrorSample;

/** Metric names as in MEASUREMENT.md. */
export const MetricName = {
  CaptureToDisplay: 'capture_to_display',
  CaptureToDisplayPdt: 'capture_to_display_pdt',
  CaptureToFirstByte: 'capture_to_first_byte',
  CaptureToLastByte: 'capture_to_last_byte',
  Packaging: 'packaging',
  Delivery: 'delivery',
  PlaylistHold: 'playlist_hold',
  PlayerLatency: 'player_latency',
  Startup: 'startup',
  EstimatedDisplay: 'estimated_display',
} as const;
export type MetricName = (typeof MetricName)[keyof typeof MetricName];

export interface Distribution {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export interface MetricSummary extends Distribution {
  metric: MetricName;
  client: ClientKind;
  unit: 'ms';
  /** capture source(s) used by the samples behind the figure. */
  captureSources: CaptureTimeSource[];
}

export const FindingStatus = { Pass: 'pass', Fail: 'fail', Warn: 'warn', Skip: 'skip' } as const;
export type FindingStatus = (typeof FindingStatus)[keyof typeof FindingStatus];

/** One protocol check. Findings are data, never exceptions. */
export interface Finding {
  id: string;
  title: string;
  status: FindingStatus;
  /** e.g. "RFC 8216bis 6.2.5.2" */
  spec: string | null;
  checked: number;
  failed: number;
  examples: string[];
}

export interface StallSummary {
  /** All stalls, whatever caused them. */
  count: number;
  totalMs: number;
  longestMs: number;
  /** The part of the above caused by the player's own seeks (StallSample `cause: seek`). */
  seek?: { count: number; totalMs: number };
}

export interface ClientSummary {
  client: ClientKind;
  viewer: number | null; // null = aggregate
  metrics: MetricSummary[];
  stalls: StallSummary;
  startupMs: number | null;
  errors: number;
  counters: Record<string, number>;
  /** When this client's warm-up ended (server clock): samples before it are not in `metrics`
   *  and stalls before it are not in `stalls` (src/metrics/warmup.ts). */
  warmupEndsAt?: number;
  /** browser: did the player reach its target latency, and when (ms after start). */
  convergence?: {
    converged: boolean;
    atMs: number | null;
    targetLatency: number | null;
    finalLatency: number | null;
  };
  /** Did it really play low-latency (both clients; src/metrics/low-latency-verdict.ts). */
  lowLatency?: {
    parts: number;
    blockingReloads: number;
    hintRequests: number;
    segments: number;
    verdict: string;
  };
}

/** A check of `llhls measure --assert/--warn/--baseline` that did not hold. */
export interface SummaryBreach {
  /** `assertion`: an --assert/--warn expression; `regression`: the --baseline gate */
  kind: 'assertion' | 'regression';
  /** `warn`: printed, never failing */
  level: 'error' | 'warn';
  client: ClientKind | null;
  /** the figure (ms or a count); null when there was nothing to measure */
  observed: number | null;
  /** the limit (assertion) or the baseline's figure (regression) */
  limit: number | null;
  /** the line the command printed */
  message: string;
}

/** How summary.json's percentiles and medians are computed (src/metrics/percentiles.ts):
 *  `nearest-rank`, the value at rank ceil(p/100 * n) of the sorted values; the median is that p50. */
export interface PercentileMethod {
  method: 'nearest-rank';
  median: 'p50';
}

export interface RunSummary {
  schema: typeof SUMMARY_SCHEMA;
  /** The method of every percentile and median in it; absent in summaries written before it was
   *  stated (they used the same method) and in Artillery's (its own estimate). */
  percentiles?: PercentileMethod;
  runId: string;
  label: string;
  url: string;
  startedAt: number;
  endedAt: number;
  warmupEndsAt: number;
  status: RunInfo['status'];
  clients: ClientSummary[];
  /** per viewer, node client with --viewers > 1. */
  viewers: ClientSummary[];
  findings: Finding[];
  clock: { offsetMs: number; uncertaintyMs: number | null; method: ClockMethod; driftMs: number | null };
  warnings: string[];
  /** With --assert/--warn/--baseline: the assertions checked, as written. */
  assertions?: string[];
  /** With --assert/--warn/--baseline: false when an error-level check failed (exit 1). */
  ok?: boolean;
  /** With --assert/--warn/--baseline: every check that did not hold, warn-level ones included. */
  breaches?: SummaryBreach[];
}
