import { basename } from 'node:path';
import { summarize } from '../src/metrics/summarize.js';
import { DEFAULT_WARMUP_MS } from '../src/metrics/warmup.js';
import type { ArtilleryOutput } from '../src/run/artillery-output.js';
import { artillerySummary } from '../src/run/artillery-summary.js';
import type { RunIssue, RunReadResult } from '../src/run/run-reader.js';
import type { RunInfo, RunSummary, Sample } from '../src/run/types.js';

/** One run as the reports see it: what was valid in its files, and its figures. */
export interface ReportRun {
  dir: string;
  /** run.json's label, made unique among the runs of one report (`label`, `label-2`). */
  label: string;
  /** null when run.json is missing or invalid. */
  info: RunInfo | null;
  samples: readonly Sample[];
  /** The run's figures: summary.json, or recomputed from samples.jsonl when that is missing or
   *  invalid (a crashed run), by the same src/metrics code `llhls measure` uses; for Artillery
   *  output, Artillery's own summaries (no samples). */
  summary: RunSummary;
  summarySource: 'summary.json' | 'recomputed' | 'artillery';
  /** Artillery's output (`artillery run --output`), when the run is one: its periods. */
  artillery?: ArtilleryOutput;
  /** Server-clock epoch ms every chart's time axis starts from. */
  startedAt: number;
  endedAt: number;
  issues: readonly RunIssue[];
}

/** run.json is missing or broken: the least that lets the samples be summarised, said to be so. */
function fallbackInfo(dir: string, samples: readonly Sample[]): Parameters<typeof summarize>[0]['info'] {
  let first = Number.POSITIVE_INFINITY;
  for (const s of samples) first = Math.min(first, s.t);
  const id = basename(dir);
  return {
    id,
    label: id,
    url: '',
    startedAt: Number.isFinite(first) ? first : 0,
    warmupMs: DEFAULT_WARMUP_MS,
    clients: [],
    clock: {
      before: {
        method: 'assumed',
        offsetMs: 0,
        uncertaintyMs: null,
        measuredAt: 0,
        probes: 0,
        bestRttMs: null,
      },
      after: null,
      driftMs: null,
      appliedOffsetMs: 0,
      warnings: [],
    },
  };
}

/**
 * A run read by `readRun` (src/run) → its report figures. Pure. A run without a valid
 * summary.json is summarised from its valid samples (findings and client counters are then
 * unknown: only the client knew them), and its summary says so in a warning.
 */
export function reportRun(read: RunReadResult): ReportRun {
  const { info, samples } = read;
  const base = info ?? fallbackInfo(read.dir, samples);
  let last = base.startedAt;
  for (const s of samples) last = Math.max(last, s.t);
  const endedAt = read.summary?.endedAt ?? info?.endedAt ?? last;
  if (read.summary !== null) {
    return {
      dir: read.dir,
      label: read.summary.label,
      info,
      samples,
      summary: read.summary,
      summarySource: 'summary.json',
      startedAt: read.summary.startedAt,
      endedAt,
      issues: read.issues,
    };
  }
  const status = info?.status ?? 'running';
  const summary = summarize({ info: base, samples, outcomes: [], endedAt, status });
  summary.warnings.unshift(
    `summary.json ${read.issues.some((i) => i.file === 'summary.json' && i.message === 'missing') ? 'is missing' : 'is invalid'}: figures recomputed from the ${samples.length} valid samples; findings and client counters unknown`,
  );
  return {
    dir: read.dir,
    label: base.label,
    info,
    samples,
    summary,
    summarySource: 'recomputed',
    startedAt: base.startedAt,
    endedAt,
    issues: read.issues,
  };
}

/** Labels made unique in order: `ll`, `ll`, `x` → `ll`, `ll-2`, `x`. */
export function uniqueLabels(runs: ReportRun[]): ReportRun[] {
  const seen = new Map<string, number>();
  return runs.map((run) => {
    const n = (seen.get(run.label) ?? 0) + 1;
    seen.set(run.label, n);
    return n === 1 ? run : { ...run, label: `${run.label}-${n}` };
  });
}

/** Artillery's JSON output of artillery-engine-llhls as a run of the report: its figures are
 *  Artillery's (src/run/artillery-summary.ts), it has no samples. Pure. */
export function artilleryReportRun(output: ArtilleryOutput): ReportRun {
  const summary = artillerySummary(output);
  return {
    dir: output.file,
    label: summary.label,
    info: null,
    samples: [],
    summary,
    summarySource: 'artillery',
    artillery: output,
    startedAt: summary.startedAt,
    endedAt: summary.endedAt,
    issues: [],
  };
}
