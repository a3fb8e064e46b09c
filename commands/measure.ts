import { verdictLines } from '../reports/render/verdict-lines.js';
import { applyRunVerdict } from '../reports/verdict/run-verdict.js';
import { hasVerdict, verdictInputs } from '../reports/verdict/verdict-inputs.js';
import { parseHlsConfig } from '../src/browser/hls-config.js';
import { parseDuration } from '../src/cli/duration.js';
import { LlhlsCommand } from '../src/cli/llhls-command.js';
import { measureFlags } from '../src/cli/measure-flags.js';
import { createClients, parseClientKinds } from '../src/measure/create-clients.js';
import { runMeasure } from '../src/measure/measure-session.js';
import { serverClockProbe } from '../src/measure/server-clock.js';
import { summaryText } from '../src/measure/summary-text.js';
import type { RunSummary } from '../src/run/types.js';

export class Measure extends LlhlsCommand {
  static override summary = 'Play an HLS or LL-HLS stream and measure its latency into a run directory.';
  static override description =
    'Writes runs/<time>-<label>/ with run.json, samples.jsonl and summary.json (schemas/). Latencies are corrected to the server clock (its /time, else its Date header) unless --assume-synced. Ctrl-C stops and still writes the run (exit 130).';
  static override examples = [
    '<%= config.bin %> measure --url http://127.0.0.1:8080/live.m3u8',
    '<%= config.bin %> measure --url http://127.0.0.1:8080/live.m3u8 --client node,browser --duration 2m --label ll-100ms',
    '<%= config.bin %> measure --url https://example.com/live.m3u8 --viewers 500 --duration 60s --json',
    '<%= config.bin %> measure --url http://127.0.0.1:8080/live.m3u8 --client browser --catch-up',
    "<%= config.bin %> measure --url http://127.0.0.1:8080/live.m3u8 --client node,browser --assert 'capture_to_display: p(95)<500ms' --assert 'stalls: count==0'",
    `<%= config.bin %> measure --url http://127.0.0.1:8080/live.m3u8 --client browser --hls-config '{"maxLiveSyncPlaybackRate":1.5}'`,
  ];
  static override flags = measureFlags;

  async run(): Promise<RunSummary> {
    const { flags } = await this.parse(Measure);
    // Read before measuring: a bad assertion is a usage error, not a run wasted.
    const verdict = await verdictInputs(flags);
    const clients = createClients(parseClientKinds(flags.client), {
      viewers: flags.viewers,
      hlsConfig: parseHlsConfig(flags['hls-config']),
      headed: flags.headed,
      browser: flags.browser,
      catchUp: flags['catch-up'],
    });
    const abort = new AbortController();
    // First Ctrl-C: stop and write the run. Second: leave at once.
    const onSigint = (): void => (abort.signal.aborted ? process.exit(130) : abort.abort());
    process.on('SIGINT', onSigint);
    try {
      let { summary, dir } = await runMeasure(
        {
          url: flags.url,
          clients,
          durationMs: parseDuration(flags.duration, '--duration'),
          warmupMs: parseDuration(flags.warmup, '--warmup'),
          label: flags.label,
          out: flags.out,
          assumeSynced: flags['assume-synced'],
          maxClockUncertaintyMs: parseDuration(flags['max-clock-uncertainty'], '--max-clock-uncertainty'),
          command: [this.config.bin, ...process.argv.slice(2)],
          toolVersion: this.config.version,
        },
        {
          signal: abort.signal,
          measureClock: serverClockProbe,
          progress: { isTTY: process.stderr.isTTY === true, write: (t) => process.stderr.write(t) },
        },
      );
      const checked = hasVerdict(verdict) ? await applyRunVerdict(dir, verdict) : null;
      if (checked !== null) summary = checked.summary;
      if (!this.jsonEnabled()) {
        for (const line of summaryText(summary, dir)) this.log(line);
        for (const line of checked === null ? [] : verdictLines(checked.verdict)) this.log(line);
      }
      if (checked?.verdict.ok === false) process.exitCode = 1;
      if (summary.status === 'interrupted') {
        if (this.jsonEnabled()) this.logJson(summary);
        this.exit(130);
      }
      return summary;
    } finally {
      process.off('SIGINT', onSigint);
    }
  }
}
