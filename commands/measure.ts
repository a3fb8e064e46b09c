import { Flags } from '@oclif/core';
import { parseHlsConfig } from '../src/browser/hls-config.js';
import { parseDuration } from '../src/cli/duration.js';
import { LlhlsCommand } from '../src/cli/llhls-command.js';
import { createClients, parseClientKinds } from '../src/measure/create-clients.js';
import { DEFAULT_MAX_CLOCK_UNCERTAINTY_MS, runMeasure } from '../src/measure/measure-session.js';
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
    `<%= config.bin %> measure --url http://127.0.0.1:8080/live.m3u8 --client browser --hls-config '{"maxLiveSyncPlaybackRate":1.5}'`,
  ];
  static override flags = {
    url: Flags.string({
      description: 'Playlist URL (media or multivariant) of the stream to measure.',
      required: true,
    }),
    client: Flags.string({
      description: 'Which client plays: node, browser, or node,browser (both at once, one run).',
      default: 'node',
    }),
    duration: Flags.string({
      description: 'How long to measure (e.g. 30s, 2m; a bare number is ms).',
      default: '30s',
    }),
    warmup: Flags.string({
      description:
        'Leave the first part of the run out of the statistics (later if the player reaches its target later).',
      default: '10s',
    }),
    label: Flags.string({
      description: 'A name for the run, used in the directory name (default: the URL host).',
    }),
    out: Flags.string({
      description: 'Run directory to write (must be new or empty; default runs/<YYYYMMDD-HHMMSS>-<label>).',
    }),
    viewers: Flags.integer({
      description: 'Node client: simulated concurrent viewers in this process (load test).',
      min: 1,
    }),
    'assume-synced': Flags.boolean({
      description: 'Do not measure the clock offset; assume the clocks agree (recorded in run.json).',
    }),
    'max-clock-uncertainty': Flags.string({
      description: 'Warn when the clock offset is less certain, or drifts more, than this.',
      default: `${DEFAULT_MAX_CLOCK_UNCERTAINTY_MS}ms`,
    }),
    'hls-config': Flags.string({
      description: 'Browser client: hls.js options as JSON, merged over the low-latency defaults.',
    }),
    headed: Flags.boolean({ description: 'Browser client: show the browser window.' }),
    browser: Flags.string({
      description: 'Browser client: Chromium executable to use.',
      env: 'LLHLS_BROWSER',
    }),
  };

  async run(): Promise<RunSummary> {
    const { flags } = await this.parse(Measure);
    const clients = createClients(parseClientKinds(flags.client), {
      viewers: flags.viewers,
      hlsConfig: parseHlsConfig(flags['hls-config']),
      headed: flags.headed,
      browser: flags.browser,
    });
    const abort = new AbortController();
    // First Ctrl-C: stop and write the run. Second: leave at once.
    const onSigint = (): void => (abort.signal.aborted ? process.exit(130) : abort.abort());
    process.on('SIGINT', onSigint);
    try {
      const { summary, dir } = await runMeasure(
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
      if (!this.jsonEnabled()) for (const line of summaryText(summary, dir)) this.log(line);
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
