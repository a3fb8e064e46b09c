import { loadRuns } from '../../reports/load-runs.js';
import type { ReportJson } from '../../reports/report-json.js';
import { writeReport } from '../../reports/write-report.js';
import { logSourceNotices, serveLinks } from '../../streamer/serve-session.js';
import { type RunningStreamer, startStreamer } from '../../streamer/streamer.js';
import { buildServeOptions, playerRoutes, SERVE_FLAG_DEFAULTS } from '../cli/serve-options.js';
import { createClients } from '../measure/create-clients.js';
import { checkWarmup, type MeasureHooks, runMeasure } from '../measure/measure-session.js';
import { serverClockProbe } from '../measure/server-clock.js';
import { ClientKind, type RunSummary } from '../run/types.js';

export interface DemoOptions {
  durationMs: number;
  warmupMs: number;
  clients: ClientKind[];
  /** the browser player catches up with the live edge (default true) */
  catchUp: boolean;
  /** `WIDTHxHEIGHT` of the test source (default serve's) */
  resolution?: string | undefined;
  /** 0: any free port */
  port: number;
  /** the run directory (default runs/<time>-demo) */
  out?: string | undefined;
  png: boolean;
  browser?: string | undefined;
  command: string[];
  toolVersion: string;
}

/** Version of `llhls demo --json` (schemas/demo-result.schema.json). */
export const DEMO_RESULT_SCHEMA = 'llhls.demo/1';

export interface DemoResult {
  schema: typeof DEMO_RESULT_SCHEMA;
  /** where the stream played while it was measured */
  player: string;
  run: string;
  summary: RunSummary;
  report: ReportJson;
}

/** Resolves once the streamer published its first part (or segment): clients can start. */
export function firstPublish(streamer: RunningStreamer, timeoutMs: number): Promise<void> {
  const window = streamer.packager.window;
  const ready = (): boolean => window.lastPart !== null || window.segments.some((s) => s.complete);
  if (ready()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no part published within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = window.on('update', () => {
      if (!ready()) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

/**
 * `llhls demo`, in one process: serves the built-in test source as `llhls serve --test-src`
 * would, measures it with the clients as `llhls measure` would (its configuration recorded in
 * run.json's `streamer`), stops the streamer and writes the report into `<run>/report/`.
 */
export async function runDemo(
  options: DemoOptions,
  hooks: Pick<MeasureHooks, 'signal' | 'progress'> & { log: (line: string) => void },
): Promise<DemoResult> {
  checkWarmup(options.warmupMs, options.durationMs);
  const serve = buildServeOptions(
    {
      ...SERVE_FLAG_DEFAULTS,
      'test-src': true,
      resolution: options.resolution ?? SERVE_FLAG_DEFAULTS.resolution,
      'http-port': options.port,
    },
    process.stdin,
    playerRoutes(),
  );
  const clients = createClients(options.clients, {
    catchUp: options.catchUp && options.clients.includes(ClientKind.Browser),
    browser: options.browser,
  });
  const streamer = await startStreamer(serve);
  // What serve would log about its source, above the progress line.
  logSourceNotices(streamer, serve, hooks.log);
  let measured: Awaited<ReturnType<typeof runMeasure>>;
  const player = serveLinks(streamer.publicUrl).player;
  try {
    await firstPublish(streamer, 20_000);
    hooks.log(`serving the test source: ${streamer.url} (watch it: ${player})`);
    const { source: _source, extraRoutes: _routes, tls: _tls, ...configuration } = serve;
    measured = await runMeasure(
      {
        url: streamer.url,
        clients,
        durationMs: options.durationMs,
        warmupMs: options.warmupMs,
        label: 'demo',
        out: options.out,
        command: options.command,
        toolVersion: options.toolVersion,
        streamer: { source: 'test', ...configuration, advertised: streamer.packager.advertised },
      },
      { ...hooks, measureClock: serverClockProbe },
    );
  } finally {
    await streamer.close();
  }
  hooks.log('writing the report');
  const report = await writeReport(await loadRuns([measured.dir]), {
    png: options.png,
    browser: options.browser,
  });
  return { schema: DEMO_RESULT_SCHEMA, player, run: measured.dir, summary: measured.summary, report };
}
