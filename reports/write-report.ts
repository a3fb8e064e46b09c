import { createWriteStream } from 'node:fs';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isLlhlsError, LlhlsError, LlhlsErrorCode } from '../src/errors.js';
import { runTimestamp } from '../src/run/run-dir.js';
import { samplesCsvPieces, summaryCsv } from './render/csv.js';
import { type ChartScripts, renderHtml } from './render/html.js';
import { junitXml } from './render/junit.js';
import { summaryMarkdown } from './render/markdown.js';
import { chartPngs } from './render/png.js';
import { reportCharts } from './render/report-charts.js';
import { type ReportFiles, type ReportJson, reportJson } from './report-json.js';
import { buildReportModel, type ReportOptions, reportedRuns } from './report-model.js';
import type { ReportRun } from './report-run.js';

export interface WriteReportOptions extends ReportOptions {
  /** default: `<run>/report/` for one run, `reports-<YYYYMMDD-HHMMSS>/` for several */
  out?: string | undefined;
  /** PNG of every chart through headless Chromium (default true) */
  png?: boolean;
  browser?: string | undefined;
  /** progress lines (stderr in the CLI) */
  log?: (line: string) => void;
  /** a file summary.md is appended to: $GITHUB_STEP_SUMMARY */
  stepSummary?: string | undefined;
  now?: Date;
}

/** chart.js and its annotation plugin, as shipped in node_modules: inlined, never fetched. */
async function chartScripts(): Promise<ChartScripts> {
  const require = createRequire(import.meta.url);
  const chartDir = dirname(require.resolve('chart.js'));
  const annotationDir = dirname(require.resolve('chartjs-plugin-annotation'));
  return {
    chartJs: await readFile(join(chartDir, 'chart.umd.min.js'), 'utf8'),
    annotationPlugin: await readFile(join(annotationDir, 'chartjs-plugin-annotation.min.js'), 'utf8'),
  };
}

export function defaultReportDir(runs: readonly ReportRun[], now: Date): string {
  if (runs.length !== 1) return resolve(`reports-${runTimestamp(now)}`);
  const run = runs[0]!;
  // Artillery output is a file: its report goes beside it.
  return run.summarySource === 'artillery'
    ? run.dir.replace(/(\.json)?$/i, '-report')
    : join(run.dir, 'report');
}

/**
 * Writes a report of `runs` into its directory: report.html (self-contained), a PNG per chart,
 * samples.csv and summary.csv, summary.md (also appended to `stepSummary`), report.json and,
 * with assertions or a baseline, junit.xml. Returns report.json's value. PNGs that cannot be
 * drawn (no Chromium) leave the rest written, and say why in `files.pngError`.
 * The verdict's files come first: summary.csv, summary.md (and the step summary), junit.xml and
 * report.json are written before the large ones (report.html, samples.csv, the PNGs), so a failure
 * writing those (a full disk) never loses the verdict; report.json is written again at the end,
 * naming the PNGs drawn.
 */
export async function writeReport(
  runs: readonly ReportRun[],
  options: WriteReportOptions = {},
): Promise<ReportJson> {
  const now = options.now ?? new Date();
  const dir = options.out === undefined ? defaultReportDir(runs, now) : resolve(options.out);
  const model = buildReportModel(runs, options);
  const charts = reportCharts(model);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new LlhlsError(
      LlhlsErrorCode.OutputDir,
      `cannot create ${dir} (${(error as Error).message}): pass --out DIR`,
      {
        cause: error,
      },
    );
  }
  const files: ReportFiles = {
    html: 'report.html',
    json: 'report.json',
    summaryMarkdown: 'summary.md',
    samplesCsv: 'samples.csv',
    summaryCsv: 'summary.csv',
    junit: model.verdict === null ? null : 'junit.xml',
    png: [],
  };
  const reportRuns = reportedRuns(runs, options.baseline);
  const writeJson = async (): Promise<ReportJson> => {
    const value = reportJson(model, dir, files, now);
    await writeFile(join(dir, files.json), `${JSON.stringify(value, null, 2)}\n`);
    return value;
  };
  await writeFile(join(dir, files.summaryCsv), summaryCsv(model));
  const markdown = summaryMarkdown(model);
  await writeFile(join(dir, files.summaryMarkdown), markdown);
  if (model.verdict !== null && files.junit !== null)
    await writeFile(join(dir, files.junit), junitXml(model.verdict));
  let value = await writeJson();
  if (options.stepSummary !== undefined && options.stepSummary !== '') {
    await appendFile(options.stepSummary, `${markdown}\n`);
  }
  const html = join(dir, files.html);
  const samplesCsv = join(dir, files.samplesCsv);
  const page = renderHtml(model, charts, await chartScripts(), now);
  try {
    await writeFile(html, page);
    // In pieces: a long run's CSV is larger than a string can be (render/csv.ts).
    await pipeline(Readable.from(samplesCsvPieces(reportRuns)), createWriteStream(samplesCsv));
  } catch (error) {
    throw new LlhlsError(
      LlhlsErrorCode.OutputDir,
      `cannot write report.html or samples.csv in ${dir} (${(error as Error).message}); the verdict is written (report.json, summary.md${files.junit === null ? '' : ', junit.xml'}): free space there or pass --out DIR`,
      { cause: error },
    );
  }
  if (options.png !== false) {
    options.log?.(`drawing ${charts.length} charts as PNG with headless Chromium (--no-png skips this)`);
    try {
      files.png = await chartPngs(
        html,
        dir,
        charts.map((c) => c.id),
        { browser: options.browser },
      );
    } catch (error) {
      // The PNGs are a copy of what report.html draws: without Chromium the verdict, report.json
      // and the step summary still matter (a CI job must not lose its verdict to them).
      if (!isLlhlsError(error)) throw error;
      files.pngError = `no PNGs: ${error.message}`;
    }
    value = await writeJson();
  }
  return value;
}
