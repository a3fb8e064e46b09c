import { join } from 'node:path';
import { reportExitCode } from '../reports/report-json.js';
import { demoFlags } from '../src/cli/demo-flags.js';
import { parseDuration } from '../src/cli/duration.js';
import { LlhlsCommand } from '../src/cli/llhls-command.js';
import { MIN_RUN_MS } from '../src/cli/measure-options.js';
import { stderrProgress } from '../src/cli/stderr-progress.js';
import { type DemoResult, runDemo } from '../src/demo/demo-session.js';
import { parseClientKinds } from '../src/measure/create-clients.js';
import { summaryText } from '../src/measure/summary-text.js';

export class Demo extends LlhlsCommand {
  static override summary =
    'Serve the test source, measure it with both clients and write the report: one command to try llhls.';
  static override description =
    'In one process: llhls serve --test-src on a free port, llhls measure with the Node client and hls.js in headless Chromium (30 s by default), then llhls report on the run. Prints where the run and the report are. Ctrl-C stops measuring and still writes both (exit 130).';
  static override examples = [
    '<%= config.bin %> demo',
    '<%= config.bin %> demo --duration 2m --resolution 640x360',
    '<%= config.bin %> demo --client browser --no-catch-up --out runs/demo-defaults',
  ];
  static override flags = demoFlags;

  async run(): Promise<DemoResult> {
    const { flags } = await this.parse(Demo);
    const abort = new AbortController();
    const onSigint = (): void => (abort.signal.aborted ? process.exit(130) : abort.abort());
    process.on('SIGINT', onSigint);
    try {
      const result = await runDemo(
        {
          durationMs: parseDuration(flags.duration, '--duration', { minMs: MIN_RUN_MS }),
          warmupMs: parseDuration(flags.warmup, '--warmup'),
          clients: parseClientKinds(flags.client),
          catchUp: flags['catch-up'],
          resolution: flags.resolution,
          port: flags['http-port'],
          out: flags.out,
          png: flags.png,
          browser: flags.browser,
          command: [this.config.bin, ...process.argv.slice(2)],
          toolVersion: this.config.version,
        },
        {
          signal: abort.signal,
          progress: stderrProgress(),
          log: (line) => process.stderr.write(`${line}\n`),
        },
      );
      if (!this.jsonEnabled()) {
        for (const line of summaryText(result.summary, result.run)) this.log(line);
        this.log(`report: ${join(result.report.dir, result.report.files.html)}`);
      }
      if (result.report.files.pngError !== undefined)
        process.stderr.write(`llhls: ${result.report.files.pngError}\n`);
      if (result.summary.status === 'interrupted') {
        if (this.jsonEnabled()) this.logJson(result);
        this.exit(130);
      }
      process.exitCode = reportExitCode(result.report);
      return result;
    } finally {
      process.off('SIGINT', onSigint);
    }
  }
}
