import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ComparisonInput, ConfigurationRunInput } from '../../reports/figures/configuration-table.js';
import { comparisonTable } from '../../reports/figures/configuration-table.js';
import { loadRuns } from '../../reports/load-runs.js';
import type { ReportRun } from '../../reports/report-run.js';
import { writeReport } from '../../reports/write-report.js';
import { PlayerName } from '../browser/player-choice.js';
import type { MeasureHooks } from '../measure/measure-session.js';
import { signalExitCode, stopSignalOf } from '../measure/stop-signals.js';
import { prepareRunDir } from '../run/run-dir.js';
import { ClientKind } from '../run/types.js';
import {
  COMPARE_SCHEMA,
  type CompareConfigurationRecord,
  type CompareResult,
  type CompareRun,
  CompareRunStatus,
} from './compare-result.js';
import { type ComparePlan, type Configuration, ConfigurationKind, schedule } from './configuration.js';
import { oneLine, type RunContext, runConfiguration } from './run-configuration.js';

export interface CompareOptions {
  plan: ComparePlan;
  /** the comparison directory; default runs/<YYYYMMDD-HHMMSS>-compare */
  out?: string | undefined;
  /** the report's PNGs through headless Chromium */
  png: boolean;
  browser?: string | undefined;
  /** `bin/run.js` of this llhls: what `serve:` configurations run */
  llhlsBin: string;
  command: string[];
  toolVersion: string;
}

export interface CompareHooks {
  /** Stops the configuration being measured (its run is kept, status interrupted) and the rest. */
  signal: AbortSignal;
  /** one line per step (stderr in the CLI) */
  log: (line: string) => void;
  progress?: MeasureHooks['progress'];
  now?: () => number;
}

/** What compare.json says of a configuration: the plan, without the parsed profile's steps. */
export function configurationRecord(c: Configuration): CompareConfigurationRecord {
  return {
    name: c.name,
    kind: c.kind,
    serve: c.serve,
    command: c.command,
    url: c.url,
    network:
      c.network === null
        ? null
        : {
            name: c.network.name,
            description: c.network.description,
            impairment: c.network.impairment,
            profile: c.network.profile?.name ?? null,
            seed: c.network.seed,
          },
    clients: c.clients,
    viewers: c.viewers,
    player: {
      name: c.player.name,
      catchUp: c.player.catchUp,
      config: c.player.config,
      hlsConfig: c.player.name === PlayerName.HlsJs ? c.player.config : {},
    },
  };
}

/** What the table says was measured: `llhls serve --part-duration 0.2`, the command, the URL. */
export function describeConfiguration(c: Configuration): string {
  if (c.kind === ConfigurationKind.Serve) return `llhls serve ${c.serve.join(' ')}`;
  return c.kind === ConfigurationKind.Command ? c.command : c.url;
}

/** The exit code of a comparison: 0 every run complete, 1 one failed, 128 + the signal. */
export function compareExitCode(result: Pick<CompareResult, 'status' | 'signal'>): number {
  if (result.status === 'complete') return 0;
  if (result.status === 'interrupted') return signalExitCode(stopSignalOf(result.signal) ?? 'SIGINT');
  return 1;
}

/** compare.json written whole or not at all: a reader never sees half a file. */
async function writeResult(result: CompareResult): Promise<void> {
  const path = join(result.dir, 'compare.json');
  await writeFile(`${path}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

function notRun(configuration: Configuration, repeat: number): CompareRun {
  return {
    configuration: configuration.name,
    repeat,
    status: CompareRunStatus.NotRun,
    error: 'the comparison was stopped before its turn',
    run: null,
    url: null,
    startedAt: null,
    endedAt: null,
    streamer: null,
    network: null,
    proxyBytesPerSecond: null,
  };
}

/** One line after a run: `[2/6] ll-200ms #1: complete in 31 s` or its error. */
function runLine(index: number, total: number, run: CompareRun): string {
  const what = `[${index}/${total}] ${run.configuration}${run.repeat > 1 || total > 1 ? ` #${run.repeat}` : ''}`;
  const seconds =
    run.startedAt === null || run.endedAt === null
      ? ''
      : ` in ${Math.round((run.endedAt - run.startedAt) / 1000)} s`;
  return `${what}: ${run.status}${seconds}${run.error === null ? '' : `: ${run.error}`}`;
}

/** The report's input: each configuration's runs, read back through the report's own reader. */
async function comparisonInput(
  dir: string,
  plan: ComparePlan,
  runs: readonly CompareRun[],
  log: (line: string) => void,
): Promise<{ input: ComparisonInput; reportRuns: ReportRun[] }> {
  const reportRuns: ReportRun[] = [];
  const byRun = new Map<CompareRun, ReportRun | null>();
  for (const run of runs) {
    let read: ReportRun | null = null;
    if (run.run !== null) {
      try {
        [read = null] = await loadRuns([join(dir, run.run)]);
      } catch (error) {
        log(`${run.run} cannot be reported: ${oneLine(error)}`);
      }
    }
    if (read !== null) reportRuns.push(read);
    byRun.set(run, read);
  }
  const input: ComparisonInput = {
    reference: plan.reference,
    configurations: plan.configurations.map((c) => ({
      name: c.name,
      description: describeConfiguration(c),
      network: c.network?.description ?? null,
      player: c.clients.includes(ClientKind.Browser) ? c.player.name : null,
      runs: runs
        .filter((r) => r.configuration === c.name)
        .map(
          (r): ConfigurationRunInput => ({
            repeat: r.repeat,
            status: r.status,
            error: r.error,
            run: byRun.get(r) ?? null,
            cpuPercent: r.streamer?.resources?.cpuPercent?.mean ?? null,
            rssBytes: r.streamer?.resources?.rssBytes?.peak ?? null,
            proxyBytesPerSecond: r.proxyBytesPerSecond,
          }),
        ),
    })),
  };
  return { input, reportRuns };
}

/**
 * `llhls compare`: runs every configuration of the plan the same way, interleaved by round, each
 * streamer in its own process, measured as `llhls measure` would into `<dir>/runs/`; then the
 * report over all runs into `<dir>/report/` with the table per configuration. compare.json is
 * written before the first run and after every run, so a comparison stopped by a signal (or
 * killed) keeps what it measured. A configuration that fails is recorded failed with its error
 * and the others still run.
 */
export async function runCompare(options: CompareOptions, hooks: CompareHooks): Promise<CompareResult> {
  const now = hooks.now ?? Date.now;
  const { plan } = options;
  const { dir } = await prepareRunDir({ out: options.out, label: 'compare', at: new Date(now()) });
  await mkdir(join(dir, 'runs'), { recursive: true });
  await mkdir(join(dir, 'logs'), { recursive: true });
  const result: CompareResult = {
    schema: COMPARE_SCHEMA,
    dir,
    source: plan.source,
    status: 'running',
    signal: null,
    startedAt: now(),
    endedAt: null,
    command: options.command,
    tool: { name: 'llhls', version: options.toolVersion },
    settings: {
      durationMs: plan.durationMs,
      warmupMs: plan.warmupMs,
      repeat: plan.repeat,
      reference: plan.reference,
      readyTimeoutMs: plan.readyTimeoutMs,
      testSource: plan.testSource,
    },
    configurations: plan.configurations.map(configurationRecord),
    runs: [],
    table: null,
    report: null,
    reportError: null,
    ok: false,
  };
  await writeResult(result);
  const ctx: RunContext = {
    plan,
    dir,
    llhlsBin: options.llhlsBin,
    browser: options.browser,
    command: options.command,
    toolVersion: options.toolVersion,
    signal: hooks.signal,
    log: hooks.log,
    ...(hooks.progress === undefined ? {} : { progress: hooks.progress }),
  };
  const order = schedule(plan);
  hooks.log(`comparing ${plan.configurations.length} configurations, ${order.length} runs into ${dir}`);
  for (const [i, { configuration, repeat }] of order.entries()) {
    if (hooks.signal.aborted) {
      result.runs.push(notRun(configuration, repeat));
      continue;
    }
    hooks.log(
      `[${i + 1}/${order.length}] ${configuration.name}${plan.repeat > 1 ? ` #${repeat}` : ''}: starting`,
    );
    const run = await runConfiguration(configuration, repeat, ctx);
    result.runs.push(run);
    hooks.log(runLine(i + 1, order.length, run));
    await writeResult(result);
  }

  const signal = stopSignalOf(hooks.signal.reason);
  result.signal = hooks.signal.aborted ? (signal ?? 'SIGINT') : null;
  result.status = hooks.signal.aborted
    ? 'interrupted'
    : result.runs.every((r) => r.status === CompareRunStatus.Complete)
      ? 'complete'
      : 'failed';
  const { input, reportRuns } = await comparisonInput(dir, plan, result.runs, hooks.log);
  result.table = comparisonTable(input);
  if (reportRuns.length > 0) {
    hooks.log('writing the report');
    try {
      const reference = reportRuns.find((r) =>
        result.runs.some(
          (run) => run.configuration === plan.reference && run.run !== null && r.dir === join(dir, run.run),
        ),
      );
      const report = await writeReport(reportRuns, {
        out: join(dir, 'report'),
        comparison: input,
        reference,
        // After a signal, no browser is started for PNGs: report.html has every chart.
        png: options.png && !hooks.signal.aborted,
        browser: options.browser,
        log: hooks.log,
      });
      result.report = { dir: report.dir, html: join(report.dir, report.files.html) };
    } catch (error) {
      result.reportError = oneLine(error);
      hooks.log(`the report could not be written: ${result.reportError}`);
    }
  }
  result.endedAt = now();
  result.ok = result.status === 'complete' && result.reportError === null;
  await writeResult(result);
  return result;
}
