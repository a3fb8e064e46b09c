import { parseDuration } from '../src/cli/duration.js';
import { LlhlsCommand } from '../src/cli/llhls-command.js';
import { proxyFlags } from '../src/cli/proxy-flags.js';
import { buildProxyOptions } from '../src/proxy/proxy-options.js';
import { type ProxyResult, runProxy } from '../src/proxy/proxy-session.js';

export class ProxyCommand extends LlhlsCommand {
  static override summary =
    'Put an impaired network (latency, bandwidth, loss, toxics, profiles) in front of an origin.';
  static override description =
    "A TCP proxy on this machine, no root needed, emulating one viewer's access line in front of the origin: latency and jitter, a bandwidth shared by all the viewer's connections (each direction on its own), TCP segment loss as retransmission delay, toxiproxy's slow_close, timeout, reset_peer and slicer, and time-varying profiles (the five of the ACM MMSys 2020 low-latency challenge built in). HTTP/1.1, HTTP/2 and TLS pass through unchanged. Prints the URL to play; runs until Ctrl-C (exit 0). With --json, prints its configuration once listening and its statistics at exit.";
  static override examples = [
    '<%= config.bin %> proxy --target http://127.0.0.1:8080/playlist.m3u8 --latency 50ms --jitter 10ms --bandwidth 2mbit',
    '<%= config.bin %> proxy --target http://127.0.0.1:8080/playlist.m3u8 --profile cascade --profile-rate-scale 2.5',
    '<%= config.bin %> proxy --target 127.0.0.1:8443 --latency 80ms --loss 1% --listen 127.0.0.1:9443',
    '<%= config.bin %> proxy --target http://127.0.0.1:8080/playlist.m3u8 --reset-peer 3s --toxicity 10%',
    '<%= config.bin %> proxy --target http://127.0.0.1:8080/playlist.m3u8 --profile outage.yaml --json',
    '<%= config.bin %> proxy --target http://127.0.0.1:8080/playlist.m3u8 --profile fast-jitters --profile-time-scale 0.5 --latency 30ms --seed 7',
    '<%= config.bin %> proxy --target http://127.0.0.1:8080/playlist.m3u8 --bandwidth 5mbit --upload 500kbit --status-interval 0',
    '<%= config.bin %> proxy --target http://127.0.0.1:8080/playlist.m3u8 --timeout 0 --toxicity 5% --slow-close 1s',
    '<%= config.bin %> proxy --target http://127.0.0.1:8080/playlist.m3u8 --slicer 200 --slicer-variation 50 --slicer-delay 2ms',
  ];
  static override flags = proxyFlags;

  async run(): Promise<ProxyResult> {
    const { flags } = await this.parse(ProxyCommand);
    const options = buildProxyOptions(flags);
    const statusIntervalMs = parseDuration(flags['status-interval'], '--status-interval');
    const abort = new AbortController();
    const stop = (): void => abort.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      return await runProxy(options, {
        signal: abort.signal,
        statusIntervalMs,
        log: (line) => process.stderr.write(`${line}\n`),
        ready: (result) => {
          if (this.jsonEnabled()) return this.logJson(result);
          this.log(`proxy  ${result.url}`);
          this.log(`origin ${result.target}`);
          this.log('Ctrl-C to stop.');
        },
      });
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  }
}
