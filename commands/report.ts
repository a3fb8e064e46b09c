import { Args } from '@oclif/core';
import { loadReportInputs } from '../reports/load-runs.js';
import { reportText } from '../reports/render/report-text.js';
import { type ReportJson, reportExitCode } from '../reports/report-json.js';
import { verdictInputs } from '../reports/verdict/verdict-inputs.js';
import { writeReport } from '../reports/write-report.js';
import { LlhlsCommand } from '../src/cli/llhls-command.js';
import { reportInRoom } from '../src/cli/report-heap-room.js';
import { reportFlags } from '../src/cli/verdict-flags.js';
import { LlhlsError, LlhlsErrorCode } from '../src/errors.js';

export class Report extends LlhlsCommand {
  static override summary = 'Charts, tables and a CI verdict from one or more runs of llhls measure.';
  static override description =
    "Writes report.html (self-contained: opens from file:// with no network), a PNG per chart, samples.csv, summary.csv, summary.md (also appended to $GITHUB_STEP_SUMMARY), report.json and, with --assert/--warn/--baseline, junit.xml. Every sample is held in memory (about 1.5x the bytes of samples.jsonl): when that is more than Node's heap allows, the report runs again in a child process given the heap it needs (said on stderr), and refuses runs that need more than 3/4 of the machine's memory (exit 1, LLHLS_RUN_TOO_LARGE). Exits 1 when an assertion or the baseline gate fails, 2 for a usage error.";
  static override examples = [
    '<%= config.bin %> report runs/20260101-120000-ll',
    '<%= config.bin %> report runs/ --out reports/nightly',
    "<%= config.bin %> report runs/new --assert 'capture_to_display: p(95)<500ms' --assert 'browser.stalls: count==0' --warn 'findings: failed==0'",
    '<%= config.bin %> report runs/new --baseline runs/main --max-regression 10%',
    '<%= config.bin %> report runs/new --config llhls.yaml --no-png --json',
  ];
  static override strict = false;
  static override args = {
    runs: Args.string({ description: 'Run directories written by llhls measure, or folders of them.' }),
  };
  static override flags = reportFlags;

  async run(): Promise<ReportJson> {
    const { argv, flags } = await this.parse(Report);
    const paths = argv as string[];
    if (paths.length === 0) {
      throw new LlhlsError(LlhlsErrorCode.Usage, 'name at least one run directory: llhls report runs/<run>');
    }
    const inputs = await verdictInputs(flags);
    // A long run's samples may not fit V8's default heap: then the report runs in a child with more.
    const rerun = await reportInRoom(
      inputs.baseline === undefined ? paths : [...paths, inputs.baseline],
      (line) => process.stderr.write(`llhls: ${line}\n`),
    );
    if (rerun !== null) process.exit(rerun);
    const { runs, baseline } = await loadReportInputs(paths, inputs.baseline);
    const report = await writeReport(runs, {
      out: flags.out,
      assertions: inputs.assertions,
      baseline,
      ...(inputs.maxRegression === undefined ? {} : { maxRegression: inputs.maxRegression }),
      png: flags.png,
      browser: flags.browser,
      stepSummary: process.env['GITHUB_STEP_SUMMARY'],
      log: (line) => process.stderr.write(`${line}\n`),
    });
    if (!this.jsonEnabled()) for (const line of reportText(report)) this.log(line);
    if (report.files.pngError !== undefined) process.stderr.write(`llhls: ${report.files.pngError}\n`);
    // Set, not this.exit(): the report (and its --json) still prints.
    process.exitCode = reportExitCode(report);
    return report;
  }
}
