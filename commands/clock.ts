import { Flags } from '@oclif/core';
import { parseDuration } from '../src/cli/duration.js';
import { LlhlsCommand } from '../src/cli/llhls-command.js';
import { type ClockReport, checkClock } from '../src/clock/clock-check.js';
import { clockReportText } from '../src/clock/clock-report-text.js';

export class Clock extends LlhlsCommand {
  static override summary =
    'Check whether this clock can be trusted for latency figures, and its offset to a server.';
  static override description =
    "Reads chrony (chronyc tracking and sources; else timedatectl) and says whether this host is synchronised and to what bound. With --url it times the server's /time endpoint NTP-style (or, failing that, its HTTP Date header, 1 s resolution) and prints the offset (this clock minus the server's) with its uncertainty (half the best round trip). Exits 1 when a threshold is exceeded, one line per breach.";
  static override examples = [
    '<%= config.bin %> clock',
    '<%= config.bin %> clock --url http://127.0.0.1:8080/live.m3u8',
    '<%= config.bin %> clock --url http://192.0.2.10:8080 --probes 16 --max-offset 5ms --max-uncertainty 2ms',
    '<%= config.bin %> clock --max-offset 1ms --json',
  ];
  static override flags = {
    url: Flags.string({
      description:
        'A server to measure the offset to: a playlist URL or its origin (its /time, else its Date header).',
    }),
    probes: Flags.integer({
      description: 'Timed exchanges with the server (after one warm-up request).',
      default: 8,
      min: 1,
      max: 1000,
    }),
    'max-offset': Flags.string({
      description:
        'Fail when |offset| to the server (or, without --url, the local chrony error bound) exceeds this (e.g. 5ms, 0.5s; a bare number is seconds).',
    }),
    'max-uncertainty': Flags.string({
      description: "Fail when the server offset's uncertainty exceeds this (e.g. 5ms).",
      dependsOn: ['url'],
    }),
    timeout: Flags.string({ description: 'Per-request time limit towards the server.', default: '5s' }),
    chronyc: Flags.string({ description: 'chronyc binary to run.', default: 'chronyc' }),
    'chrony-host': Flags.string({
      description: "chronyc -h: chronyd's host or command-socket path (default: chronyc's own).",
    }),
  };

  async run(): Promise<ClockReport> {
    const { flags } = await this.parse(Clock);
    const report = await checkClock({
      chronycPath: flags.chronyc,
      probes: flags.probes,
      timeoutMs: parseDuration(flags.timeout, '--timeout'),
      ...(flags.url === undefined ? {} : { url: flags.url }),
      ...(flags['chrony-host'] === undefined ? {} : { chronycHost: flags['chrony-host'] }),
      ...(flags['max-offset'] === undefined
        ? {}
        : { maxOffsetMs: parseDuration(flags['max-offset'], '--max-offset') }),
      ...(flags['max-uncertainty'] === undefined
        ? {}
        : { maxUncertaintyMs: parseDuration(flags['max-uncertainty'], '--max-uncertainty') }),
    });
    if (!this.jsonEnabled()) for (const line of clockReportText(report)) this.log(line);
    // Set, not this.exit(): the report (and its --json) still prints.
    if (!report.ok) process.exitCode = 1;
    return report;
  }
}
