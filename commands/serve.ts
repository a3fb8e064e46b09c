import { playerPageRoutes } from '../src/browser/player-page.js';
import { LlhlsCommand } from '../src/cli/llhls-command.js';
import { serveFlags } from '../src/cli/serve-flags.js';
import { buildServeOptions, parseStatusInterval, staticRoutes } from '../streamer/serve-options.js';
import { runServe, type ServeResult } from '../streamer/serve-session.js';

export class Serve extends LlhlsCommand {
  static override summary = 'Capture, encode and serve a Low-Latency HLS stream (the reference streamer).';
  static override description =
    'FFmpeg captures (built-in test source, V4L2 camera, or an MPEG-TS you pass with --input) and encodes for latency; llhls demuxes, cuts parts and segments, and serves them from memory with blocking playlist reload, preload hints, /timestamps.json and /time. Ctrl-C stops (exit 0). With --json, prints the configuration and URLs once ready and the final status at exit.';
  static override examples = [
    '<%= config.bin %> serve --test-src',
    '<%= config.bin %> serve --device /dev/video0 --input-format mjpeg --resolution 1280x720 --framerate 30',
    '<%= config.bin %> serve --test-src --part-duration 0.2 --segment-duration 2 --hint-streaming',
    'ffmpeg -re -i in.mp4 -c:v libx264 -tune zerolatency -g 30 -f mpegts - | <%= config.bin %> serve --input -',
    '<%= config.bin %> serve --test-src --tls self-signed --http-port 8443',
    '<%= config.bin %> serve --test-src --container fmp4 --audio',
  ];
  static override flags = serveFlags;

  async run(): Promise<ServeResult> {
    const { flags } = await this.parse(Serve);
    const options = buildServeOptions(flags, process.stdin, staticRoutes(playerPageRoutes()));
    const abort = new AbortController();
    const stop = (): void => abort.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      return await runServe(options, {
        signal: abort.signal,
        statusIntervalMs: parseStatusInterval(flags['status-interval']),
        log: (line) => process.stderr.write(`${line}\n`),
        ready: (result) => {
          if (this.jsonEnabled()) return this.logJson(result);
          this.log(`LL-HLS playlist  ${result.links.playlist}`);
          this.log(`multivariant     ${result.links.multivariant}`);
          this.log(`player           ${result.links.player}`);
          this.log(`timestamps       ${result.links.timestamps}`);
          this.log('Ctrl-C to stop.');
        },
      });
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  }
}
