import { LlhlsCommand } from '../src/cli/llhls-command.js';
import { serveFlags } from '../src/cli/serve-flags.js';
import {
  buildGstEngineOptions,
  buildServeOptions,
  parseEngine,
  parseStatusInterval,
  playerRoutes,
} from '../src/cli/serve-options.js';
import { type GstServeResult, runGstServe } from '../streamer/gstreamer/gst-session.js';
import { runServe, type ServeResult } from '../streamer/serve-session.js';
import { serverClock } from '../streamer/streamer.js';

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
    '<%= config.bin %> serve --engine gstreamer --test-src --segment-duration 1 --part-duration 0.1 --max-files 5',
  ];
  static override flags = serveFlags;

  async run(): Promise<ServeResult | GstServeResult> {
    const { flags } = await this.parse(Serve);
    const routes = playerRoutes();
    const gstreamer = parseEngine(flags.engine) === 'gstreamer';
    const options = gstreamer
      ? buildGstEngineOptions(flags, process.stdin, routes)
      : buildServeOptions(flags, process.stdin, routes);
    const abort = new AbortController();
    const stop = (): void => abort.abort();
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    for (const signal of signals) process.once(signal, stop);
    const io = {
      signal: abort.signal,
      statusIntervalMs: parseStatusInterval(flags['status-interval']),
      log: (line: string) => process.stderr.write(`${line}\n`),
    };
    try {
      if ('maxFiles' in options) {
        return await runGstServe(
          { ...options, now: serverClock },
          { ...io, ready: (result) => this.#ready(result) },
        );
      }
      return await runServe(options, {
        ...io,
        ready: (result) => this.#ready(result),
      });
    } finally {
      for (const signal of signals) process.off(signal, stop);
    }
  }

  #ready(result: ServeResult | GstServeResult): void {
    if (this.jsonEnabled()) {
      this.logJson(result);
      return;
    }
    this.log(`LL-HLS playlist  ${result.links.playlist}`);
    this.log(`multivariant     ${result.links.multivariant}`);
    this.log(`player           ${result.links.player}`);
    this.log(`timestamps       ${result.links.timestamps}`);
    if ('pipeline' in result) this.log(`pipeline         ${result.pipeline}`);
    this.log('Ctrl-C to stop.');
  }
}
