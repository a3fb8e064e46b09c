import { summarizeStalls } from '../../src/metrics/stalls.js';
import { countFindings, type FindingCounts, findingCountsText } from '../../src/run/finding-counts.js';
import type {
  ClientKind,
  ClockOffset,
  Finding,
  MetricSummary,
  RunSummary,
  StallSample,
  StallSummary,
} from '../../src/run/types.js';
import type { ReportRun } from '../report-run.js';
import { warmupEndOf } from '../run-values.js';

export interface StallRow {
  client: ClientKind;
  phase: 'during warm-up' | 'after warm-up';
  stalls: StallSummary;
}

export interface ClockRow {
  when: 'before' | 'after';
  method: ClockOffset['method'];
  offsetMs: number;
  uncertaintyMs: number | null;
}

/** Everything the table of one run shows, in the words of summary.json. */
export interface RunTable {
  run: string;
  dir: string;
  status: RunSummary['status'];
  summarySource: ReportRun['summarySource'];
  metrics: MetricSummary[];
  startup: Array<{ client: ClientKind; ms: number | null }>;
  stalls: StallRow[];
  findings: { counts: FindingCounts; text: string; list: Finding[] };
  clock: { rows: ClockRow[]; driftMs: number | null };
  /** per viewer (node client with --viewers > 1) */
  viewers: RunSummary['viewers'];
  warnings: string[];
  /** problems in the run's files: `samples.jsonl:40: not JSON` */
  issues: string[];
  configuration: Array<{ name: string; value: string }>;
}

const json = (v: unknown): string => JSON.stringify(v);

function configuration(run: ReportRun): Array<{ name: string; value: string }> {
  const info = run.info;
  const rows: Array<{ name: string; value: string }> = [];
  const add = (name: string, value: string | null | undefined): void => {
    if (value !== null && value !== undefined && value !== '') rows.push({ name, value });
  };
  add('run', run.dir);
  add('stream URL', run.summary.url);
  if (info === null) {
    add('run.json', 'missing or invalid: configuration unknown');
    return rows;
  }
  add('started', new Date(info.startedAt).toISOString());
  add('duration / warm-up', `${info.durationMs / 1000} s / ${info.warmupMs / 1000} s`);
  add('tool', `${info.tool.name} ${info.tool.version}`);
  add('command', info.command.join(' '));
  add(
    'host',
    `${info.host.hostname} (${info.host.platform} ${info.host.arch}, ${info.host.cpus} CPUs, Node ${info.host.node})`,
  );
  for (const c of info.clients) {
    if (c.kind === 'browser') {
      add('player', c.player === undefined ? null : `${c.player.name} ${c.player.version}`);
      add('player config', c.player === undefined ? null : json(c.player.config));
      add('browser', c.browser === undefined ? null : `${c.browser.name} ${c.browser.version}`);
    } else {
      add('node client', `${c.viewers ?? 1} viewer(s)${c.config === undefined ? '' : ` ${json(c.config)}`}`);
    }
  }
  add('stream (timestamps.json)', info.stream === null ? 'not published by the server' : json(info.stream));
  add('streamer', info.streamer === null ? null : json(info.streamer));
  return rows;
}

function stallRows(run: ReportRun): StallRow[] {
  // Artillery output: the engine counted stalls after each viewer's warm-up only.
  if (run.artillery !== undefined)
    return run.summary.clients.map((c) => ({ client: c.client, phase: 'after warm-up', stalls: c.stalls }));
  const rows: StallRow[] = [];
  for (const c of run.summary.clients) {
    const warm = warmupEndOf(run, c.client);
    const stalls = run.samples.filter((s): s is StallSample => s.type === 'stall' && s.client === c.client);
    rows.push(
      {
        client: c.client,
        phase: 'during warm-up',
        stalls: summarizeStalls(
          stalls.filter((s) => s.start < warm),
          run.endedAt,
        ),
      },
      {
        client: c.client,
        phase: 'after warm-up',
        stalls: summarizeStalls(
          stalls.filter((s) => s.start >= warm),
          run.endedAt,
        ),
      },
    );
  }
  return rows;
}

/** One run's table: its figures of record, stalls split by cause and warm-up, findings counted
 *  honestly, the clock, warnings, file problems and configuration. Pure. */
export function runTable(run: ReportRun): RunTable {
  const s = run.summary;
  const counts = countFindings(s.findings);
  const clock: ClockRow[] = [];
  const before = run.info?.clock.before;
  const after = run.info?.clock.after ?? null;
  if (before !== undefined) {
    clock.push({
      when: 'before',
      method: before.method,
      offsetMs: before.offsetMs,
      uncertaintyMs: before.uncertaintyMs,
    });
  } else {
    clock.push({
      when: 'before',
      method: s.clock.method,
      offsetMs: s.clock.offsetMs,
      uncertaintyMs: s.clock.uncertaintyMs,
    });
  }
  if (after !== null)
    clock.push({
      when: 'after',
      method: after.method,
      offsetMs: after.offsetMs,
      uncertaintyMs: after.uncertaintyMs,
    });
  return {
    run: run.label,
    dir: run.dir,
    status: s.status,
    summarySource: run.summarySource,
    metrics: s.clients.flatMap((c) => c.metrics),
    startup: s.clients.map((c) => ({ client: c.client, ms: c.startupMs })),
    stalls: stallRows(run),
    findings: {
      counts,
      // Only the client knew them: a run summarised again from its samples cannot say.
      text:
        run.summarySource === 'recomputed'
          ? 'unknown (summary.json missing or invalid)'
          : findingCountsText(counts),
      list: s.findings,
    },
    clock: { rows: clock, driftMs: s.clock.driftMs },
    viewers: s.viewers,
    warnings: s.warnings,
    issues: run.issues.map((i) => `${i.file}${i.line === null ? '' : `:${i.line}`}: ${i.message}`),
    configuration: configuration(run),
  };
}
