import { verdictLines } from '../reports/render/verdict-lines.js';
import { applyRunVerdict } from '../reports/verdict/run-verdict.js';
import { hasVerdict, verdictInputs } from '../reports/verdict/verdict-inputs.js';
import { LlhlsCommand } from '../src/cli/llhls-command.js';
import { measureFlags } from '../src/cli/measure-flags.js';
import { measureOptions } from '../src/cli/measure-options.js';
import { stderrProgress } from '../src/cli/stderr-progress.js';
import { runMeasure } from '../src/measure/measure-session.js';
import { serverClockProbe } from '../src/measure/server-clock.js';
import { runExitCode, trapStopSignals } from '../src/measure/stop-signals.js';
import { summaryText } from '../src/measure/summary-text.js';
import type { RunSummary } from '../src/run/types.js';

export class Measure extends LlhlsCommand {
  static override summary = 'Play an HLS or LL-HLS stream and measure its latency into a run directory.';
  static override description =
    'Writes runs/<time>-<label>/: run.json, samples.jsonl, summary.json (schemas/). Latencies are on the server clock (its /time, else its Date header; one clock for a server on this host) unless --assume-synced. SIGINT, SIGTERM and SIGHUP stop and still write the run (exit 130, 143, 129). Exit 1 when the run failed (the server stopped answering, or an --assert breach), 2 on a usage error.';
  static override examples = [
    '<%= config.bin %> measure --url http://127.0.0.1:8080/live.m3u8',
    '<%= config.bin %> measure --url http://127.0.0.1:8080/live.m3u8 --client node,browser --duration 2m --label ll-100ms',
    '<%= config.bin %> measure --url https://example.com/live.m3u8 --viewers 500 --duration 60s --json',
    '<%= config.bin %> measure --url https://127.0.0.1:8443/playlist.m3u8 --insecure',
    '<%= config.bin %> measure --url https://origin.lan/live.m3u8 --ca origin-cert.pem --client node,browser',
    '<%= config.bin %> measure --url http://127.0.0.1:8080/live.m3u8 --client browser --catch-up',
    "<%= config.bin %> measure --url http://127.0.0.1:8080/live.m3u8 --client node,browser --assert 'capture_to_display: p(95)<500ms' --assert 'stalls: count==0'",
    `<%= config.bin %> measure --url http://127.0.0.1:8080/live.m3u8 --client browser --hls-config '{"maxLiveSyncPlaybackRate":1.5}'`,
    '<%= config.bin %> measure --url http://127.0.0.1:8080/master.m3u8 --client browser --player shaka --catch-up',
    `<%= config.bin %> measure --url http://127.0.0.1:8080/master.m3u8 --client browser --player shaka --player-config '{"streaming":{"rebufferingGoal":0.5}}'`,
  ];
  static override flags = measureFlags;

  async run(): Promise<RunSummary> {
    const { flags } = await this.parse(Measure);
    // Read before measuring: a bad assertion is a usage error, not a run wasted.
    const verdict = await verdictInputs(flags);
    const options = await measureOptions(flags, {
      command: [this.config.bin, ...process.argv.slice(2)],
      toolVersion: this.config.version,
    });
    const abort = new AbortController();
    const untrap = trapStopSignals(abort);
    try {
      const run = await runMeasure(options, {
        signal: abort.signal,
        measureClock: serverClockProbe,
        progress: stderrProgress(),
      });
      const { dir, info } = run;
      const checked = hasVerdict(verdict) ? await applyRunVerdict(dir, verdict) : null;
      const summary = checked?.summary ?? run.summary;
      if (!this.jsonEnabled()) {
        for (const line of summaryText(summary, dir)) this.log(line);
        for (const line of checked === null ? [] : verdictLines(checked.verdict)) this.log(line);
      }
      const code = runExitCode(info);
      if (code !== 0) {
        if (this.jsonEnabled()) this.logJson(summary);
        this.exit(code);
      }
      if (checked?.verdict.ok === false) process.exitCode = 1;
      return summary;
    } finally {
      untrap();
    }
  }
}
