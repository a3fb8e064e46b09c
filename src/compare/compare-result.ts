import type { ComparisonTable } from '../../reports/figures/configuration-table.js';
import type { PlayerName } from '../browser/player-choice.js';
import type { Impairment } from '../proxy/impairment.js';
import type { ProxyStats } from '../proxy/proxy.js';
import type { ClientKind } from '../run/types.js';
import type { ConfigurationKind } from './configuration.js';
import type { TestSource } from './placeholders.js';
import type { StreamerResources } from './resource-sampler.js';
import type { ProcessExit } from './streamer-process.js';

/** Version of compare.json and of `llhls compare --json` (schemas/compare.schema.json). */
export const COMPARE_SCHEMA = 'llhls.compare/1';

export const CompareRunStatus = {
  Complete: 'complete',
  /** the streamer did not start or serve, measuring could not start, or the run failed */
  Failed: 'failed',
  /** stopped by a signal: what was measured is kept */
  Interrupted: 'interrupted',
  /** the comparison was stopped before its turn */
  NotRun: 'not-run',
} as const;
export type CompareRunStatus = (typeof CompareRunStatus)[keyof typeof CompareRunStatus];

/** One run of one configuration. */
export interface CompareRun {
  configuration: string;
  /** the round, from 1 */
  repeat: number;
  status: CompareRunStatus;
  /** why it failed or did not run, one line; null otherwise */
  error: string | null;
  /** the run directory, relative to the comparison's; null when nothing was measured */
  run: string | null;
  /** the playlist measured, at its origin */
  url: string | null;
  /** epoch ms; null when it did not run */
  startedAt: number | null;
  endedAt: number | null;
  /** the process compare started; null for a url: configuration or one that did not run */
  streamer: {
    /** what was run: `node bin/run.js serve ...`, or `sh -c COMMAND` */
    argv: string[];
    pid: number;
    /** its output, relative to the comparison's directory */
    log: string;
    /** ms from start until its playlist listed a segment; null if it never did */
    readyMs: number | null;
    /** how it ended when it exited by itself before compare stopped it; else null */
    exit: ProcessExit | null;
    /** its whole process tree while measured; null when it was not measured */
    resources: StreamerResources | null;
  } | null;
  /** the impairment proxies, one per client (each its own access line); null on the direct loopback */
  network: {
    description: string;
    proxies: Array<{ client: ClientKind; url: string; stats: ProxyStats }>;
  } | null;
  /** bytes the proxies passed to the clients per second while measured; null without a proxy */
  proxyBytesPerSecond: number | null;
}

/** One configuration as compare.json records it (the plan, checked). */
export interface CompareConfigurationRecord {
  name: string;
  kind: ConfigurationKind;
  serve: string[] | null;
  command: string | null;
  url: string | null;
  network: {
    name: string | null;
    description: string;
    impairment: Impairment;
    profile: string | null;
    seed: number | null;
  } | null;
  clients: ClientKind[];
  viewers: number | null;
  /** the browser client's player */
  player: {
    name: PlayerName;
    catchUp: boolean;
    /** the player's options over its low-latency defaults */
    config: Record<string, unknown>;
    /** hls.js's options: `config` when the player is hls.js, else {} (as before players were compared) */
    hlsConfig: Record<string, unknown>;
  };
}

/** compare.json: the plan, every run, the table per configuration and where the report is. */
export interface CompareResult {
  schema: typeof COMPARE_SCHEMA;
  /** the comparison directory (absolute) */
  dir: string;
  /** the compare file, or the --vary flags */
  source: string;
  /** `complete`: every run complete; `failed`: one or more failed; `interrupted`: by a signal */
  status: 'running' | 'complete' | 'failed' | 'interrupted';
  /** the signal that stopped it, else null */
  signal: string | null;
  startedAt: number;
  endedAt: number | null;
  command: string[];
  tool: { name: 'llhls'; version: string };
  settings: {
    durationMs: number;
    warmupMs: number;
    repeat: number;
    reference: string;
    readyTimeoutMs: number;
    testSource: TestSource;
  };
  configurations: CompareConfigurationRecord[];
  /** in the order they ran (interleaved) */
  runs: CompareRun[];
  /** a row per configuration; null until the comparison ended */
  table: ComparisonTable | null;
  /** the report over every run; null when nothing was measured or it could not be written */
  report: { dir: string; html: string } | null;
  /** why the report could not be written (the runs and compare.json are there) */
  reportError: string | null;
  /** false exactly when the command exits non-zero */
  ok: boolean;
}
