import { LlhlsError, LlhlsErrorCode } from '../src/errors.js';
import { CATCH_UP_WINDOW_MS, catchUpMessage } from './capture/real-time.js';
import { MediaState } from './media-health.js';
import { type RunningStreamer, type StreamerStatus, startStreamer } from './streamer.js';
import type { StreamerOptions } from './streamer-options.js';

/** Where to play the stream, with `--public-url` applied. */
export interface ServeLinks {
  playlist: string;
  /** The multivariant playlist (one variant, with CODECS, RESOLUTION, FRAME-RATE, BANDWIDTH). */
  multivariant: string;
  player: string;
  timestamps: string;
  time: string;
  health: string;
}

/** Version of the `llhls serve --json` output (schemas/serve-result.schema.json). */
export const SERVE_RESULT_SCHEMA = 'llhls.serve/1';

/** What `llhls serve` reports (`--json`): once ready, and again, with the final status, at exit. */
export interface ServeResult {
  schema: typeof SERVE_RESULT_SCHEMA;
  links: ServeLinks;
  origin: string;
  configuration: Omit<StreamerOptions, 'source' | 'extraRoutes' | 'tls'> & {
    source: string;
    tls: 'off' | 'files' | 'self-signed';
  };
  advertised: RunningStreamer['packager']['advertised'];
  warnings: string[];
  status: StreamerStatus | null;
}

export interface ServeIo {
  /** Aborting it shuts the server down (SIGINT/SIGTERM). */
  signal: AbortSignal;
  /** Human lines (stderr for status in --json mode). */
  log: (line: string) => void;
  /** Called once the origin listens. */
  ready: (result: ServeResult) => void;
  /** 0: no status lines. */
  statusIntervalMs: number;
}

export function serveLinks(base: string): ServeLinks {
  return {
    playlist: `${base}/playlist.m3u8`,
    multivariant: `${base}/master.m3u8`,
    player: `${base}/player?src=${encodeURIComponent(`${base}/playlist.m3u8`)}`,
    timestamps: `${base}/timestamps.json`,
    time: `${base}/time`,
    health: `${base}/healthz`,
  };
}

function describe(streamer: RunningStreamer, options: StreamerOptions, final: boolean): ServeResult {
  const { source, extraRoutes: _routes, tls, ...rest } = options;
  const label =
    source.kind === 'test'
      ? 'test'
      : source.kind === 'device'
        ? source.device
        : source.kind === 'input'
          ? source.input
          : '-';
  return {
    schema: SERVE_RESULT_SCHEMA,
    links: serveLinks(streamer.publicUrl),
    origin: streamer.origin,
    configuration: { ...rest, source: label, tls: tls?.kind ?? 'off' },
    advertised: streamer.packager.advertised,
    warnings: [...streamer.warnings],
    status: final ? streamer.status() : null,
  };
}

/**
 * Logs what serve says about its source as it happens: the warnings of its start and later ones,
 * and each catch-up of the test source (a restart, a discontinuity the players see), with what to
 * lower once they repeat. `llhls demo` logs the same above its progress line.
 */
export function logSourceNotices(
  streamer: RunningStreamer,
  stream: { width: number; height: number; frameRate: number },
  log: (line: string) => void,
): void {
  for (const warning of streamer.warnings) log(`warning: ${warning}`);
  streamer.on('warning', ({ message }) => log(`warning: ${message}`));
  // The catch-ups of the last minute (catchUpMessage counts them): older ones are let go.
  let catchUps: number[] = [];
  streamer.on('caught-up', ({ behindMs, at }) => {
    catchUps = [...catchUps.filter((t) => t > at - CATCH_UP_WINDOW_MS), at];
    log(catchUpMessage(behindMs, catchUps, stream));
  });
}

/**
 * Runs `llhls serve` until `io.signal` aborts: starts the streamer, reports where to play it,
 * logs a status line periodically, any FFmpeg restart, catch-up and input problem, then shuts
 * down cleanly.
 * @throws LlhlsError when the input holds a stream llhls cannot package (`--input`), or when
 *   `--input -` ends without having given anything to serve (exit code 1)
 */
export async function runServe(options: StreamerOptions, io: ServeIo): Promise<ServeResult> {
  const streamer = await startStreamer(options);
  const result = describe(streamer, options, false);
  io.ready(result);
  logSourceNotices(streamer, options, (line) => io.log(line));
  let failure: LlhlsError | null = null;
  let fail: () => void = () => {};
  const external = options.source.kind === 'stream' || options.source.kind === 'input';
  let lacked = false;
  let ended = false;
  streamer.on('media', ({ state, reason }) => {
    // At the end of the input the failure below is the one line that says why.
    if (ended && state !== MediaState.Ok) return;
    if (state === MediaState.NoMedia) {
      lacked = true;
      io.log(`no media to serve yet: ${reason}`);
    } else if (state === MediaState.Ok && lacked) io.log('media: parts are being published now');
    else if (state === MediaState.Refused && !external) io.log(`cannot package the stream: ${reason}`);
    else if (state === MediaState.Refused) {
      failure = new LlhlsError(LlhlsErrorCode.UnsupportedStream, `input refused: ${reason}`, { exitCode: 1 });
      fail();
    }
  });
  streamer.on('source-exit', ({ code, signal, delayMs, stderr }) =>
    io.log(
      `FFmpeg exited (${code !== null ? `code ${code}` : `signal ${signal}`}: ${stderr.at(-1) ?? 'no message'}); restarting in ${delayMs} ms`,
    ),
  );
  streamer.on('restart', ({ attempt }) =>
    io.log(`FFmpeg restarted (restart #${attempt}); the playlist marks EXT-X-DISCONTINUITY`),
  );
  const inputEnded = (): void => {
    ended = true;
    const bytes = streamer.status().bytesIn;
    const health = streamer.health(true);
    if (health.state === MediaState.Ok) {
      io.log('input ended; still serving the window (Ctrl-C to stop)');
      return;
    }
    failure = new LlhlsError(
      health.state === MediaState.Refused ? LlhlsErrorCode.UnsupportedStream : LlhlsErrorCode.NoMedia,
      `the input ended after ${bytes} bytes without anything to serve: ${health.reason}`,
      { exitCode: 1 },
    );
    fail();
  };
  if (streamer.sourceEndedAt !== null) inputEnded();
  else streamer.on('source-end', inputEnded);
  const timer =
    io.statusIntervalMs > 0
      ? setInterval(() => io.log(formatStatus(streamer.status())), io.statusIntervalMs)
      : undefined;
  try {
    await new Promise<void>((resolve) => {
      fail = resolve;
      if (io.signal.aborted || failure !== null) resolve();
      io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    clearInterval(timer);
  }
  const final = describe(streamer, options, true);
  await streamer.close();
  if (options.source.kind === 'stream') options.source.stream.destroy();
  if (failure !== null) throw failure;
  return final;
}

/** One status line for the terminal, e.g.
 *  `12 s | seg 11 part 120 | packaging 78 ms | restarts 0 | 1.2 MB in | demux errors 0`. */
function formatStatus(status: StreamerStatus): string {
  const part = status.lastPart;
  const errors = status.demux.continuityErrors + status.demux.pesErrors + status.demux.transportErrors;
  return [
    `${Math.round(status.uptimeMs / 1000)} s`,
    `seg ${status.packager.segments} part ${status.packager.parts}`,
    part === null
      ? 'no part yet'
      : `msn ${part.msn}.${part.index} packaging ${Math.round(part.packagingMs)} ms`,
    `restarts ${status.restarts}`,
    ...(status.catchUps.count > 0 ? [`caught up ${status.catchUps.count}x`] : []),
    ...(status.media.state !== 'ok' && status.media.state !== 'starting'
      ? [`${status.media.state}: ${status.media.reason}`]
      : []),
    `${(status.bytesIn / 1e6).toFixed(1)} MB in`,
    `demux errors ${errors}`,
  ].join(' | ');
}
