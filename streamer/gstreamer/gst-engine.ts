import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LlhlsError, LlhlsErrorCode } from '../../src/errors.js';
import { EventSurface } from '../../src/event-surface.js';
import { CaptureSource } from '../../src/hls/timestamps.js';
import { resolveFfmpeg } from '../capture/ffmpeg-binary.js';
import { ffmpegFailure } from '../capture/ffmpeg-failure.js';
import { stopChild } from '../capture/ffmpeg-process.js';
import { frameCodeLayout } from '../capture/frame-code.js';
import { Origin } from '../origin/origin.js';
import type { OriginRouteHandler } from '../origin/respond.js';
import { servedMedia } from '../origin/served-media.js';
import { Container } from '../packager/container.js';
import type { StreamDescription } from '../packager/timestamps-view.js';
import { DEFAULT_FONT } from '../streamer.js';
import { loadTls, type TlsMaterial, type TlsRequest } from '../tls.js';
import {
  buildGstLaunchArgs,
  buildRawSourceArgs,
  type GstPipelineOptions,
  shellQuote,
} from './pipeline-args.js';
import { RawFrameTap } from './raw-frame-tap.js';
import { SegmentFeed } from './segment-feed.js';
import { SegmentWatcher } from './segment-watcher.js';
import { createWorkDirectory, sweepWorkDirectories } from './work-directory.js';

/** The apt packages that hold gst-launch-1.0 and every element the pipeline uses. */
export const GSTREAMER_APT_PACKAGES =
  'gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly';
/** How long FFmpeg must stay up, when it writes nothing, to count as started (llhls serve's probe). */
const FFMPEG_PROBE_MS = 1000;
const ELEMENTS = [
  'fdsrc',
  'rawvideoparse',
  'videoconvert',
  'videoscale',
  'videorate',
  'x264enc',
  'h264parse',
  'splitmuxsink',
  'mp4mux',
];

export interface GstEngineOptions extends Omit<GstPipelineOptions, 'directory' | 'fontFile' | 'frameCode'> {
  /** Files kept on disk (--max-files); older ones are removed once published. */
  maxFiles: number;
  windowSegments: number;
  partHoldBack?: number;
  /** `--ffmpeg PATH`; else resolved as `llhls serve` does. */
  ffmpeg?: string;
  /** The test source's clock font; default DejaVu Sans Mono when present, null for none. */
  fontFile?: string | null;
  host: string;
  port: number;
  tls?: TlsRequest;
  publicUrl?: string;
  extraRoutes?: Record<string, OriginRouteHandler>;
  now: () => number;
}

export interface GstEngineEvents {
  /** A process of the pipeline exited while the engine was running: it stops serving new media. */
  failed: {
    process: 'ffmpeg' | 'gst-launch-1.0';
    code: number | null;
    signal: string | null;
    stderr: string[];
  };
  warning: { message: string };
}

/** Options once FFmpeg, the font and the frame-code strip are resolved. */
type ResolvedGstOptions = Omit<GstEngineOptions, 'ffmpeg' | 'fontFile'> &
  Pick<GstPipelineOptions, 'fontFile' | 'frameCode'> & { ffmpeg: string };

/**
 * Throws one line naming the apt packages when gst-launch-1.0 or an element is missing.
 * @throws LlhlsError GstreamerNotFound
 */
export async function checkGstreamer(): Promise<void> {
  const runs = (command: string, args: string[]): Promise<boolean> =>
    new Promise((resolve) => {
      const child = spawn(command, args, { stdio: 'ignore' });
      child.on('error', () => resolve(false));
      child.on('exit', (code) => resolve(code === 0));
    });
  // In parallel: one gst-inspect-1.0 takes 0.2 s here, 0.4 s under load.
  const [launch, ...found] = await Promise.all([
    runs('gst-launch-1.0', ['--version']),
    ...ELEMENTS.map((element) => runs('gst-inspect-1.0', ['--exists', element])),
  ]);
  const missing = launch ? ELEMENTS.filter((_, i) => !found[i]) : ['gst-launch-1.0'];
  if (missing.length > 0) {
    throw new LlhlsError(
      LlhlsErrorCode.GstreamerNotFound,
      `--engine gstreamer needs GStreamer (missing: ${missing.join(', ')}): sudo apt-get install ${GSTREAMER_APT_PACKAGES}`,
    );
  }
}

/**
 * `llhls serve --engine gstreamer`: FFmpeg's test source (or a V4L2 camera) as raw frames into
 * `gst-launch-1.0` (x264enc, h264parse, splitmuxsink of fragmented MP4 files in a temporary
 * directory), closed files found by SegmentWatcher, published by SegmentFeed into the same
 * origin `llhls serve` uses. The directory is removed on close() and at process exit.
 */
export class GstEngine extends EventSurface<GstEngineEvents> {
  readonly feed: SegmentFeed;
  readonly server: Origin;
  readonly directory: string;
  readonly gstArgs: string[];
  readonly ffmpegArgs: string[];
  readonly stream: StreamDescription;
  readonly startedAt: number;
  origin = '';
  publicUrl = '';
  /** Files removed beyond --max-files. */
  removedFiles = 0;
  /** Raw frames not handed to GStreamer because it was behind (see #forward). */
  droppedFrames = 0;
  readonly #options: ResolvedGstOptions;
  readonly #tap: RawFrameTap;
  /** Capture times of frames read but not yet in a published file, oldest first. */
  readonly #captures: number[] = [];
  readonly #onDisk: string[] = [];
  /** The raw frame being read from FFmpeg, in pieces. */
  #frame: Buffer[] = [];
  readonly #frameBytes: number;
  #watcher: SegmentWatcher | null = null;
  #ffmpeg: ChildProcess | null = null;
  #gst: ChildProcess | null = null;
  #closing: Promise<void> | null = null;
  readonly #exitCleanup = (): void => rmSync(this.directory, { recursive: true, force: true });

  constructor(options: ResolvedGstOptions, tls: TlsMaterial | null) {
    super();
    this.#options = options;
    this.startedAt = options.now();
    // Directories left by an engine killed with SIGKILL (no exit handler ran) go first.
    sweepWorkDirectories(tmpdir());
    this.directory = createWorkDirectory(tmpdir());
    process.once('exit', this.#exitCleanup);
    const pipeline = { ...options, directory: this.directory };
    this.gstArgs = buildGstLaunchArgs(pipeline);
    this.ffmpegArgs = buildRawSourceArgs(pipeline);
    this.#frameBytes = (options.width * options.height * 3) / 2;
    this.#tap = new RawFrameTap(
      options.width,
      options.height,
      options.input.kind === 'test' ? options.frameCode : null,
    );
    this.feed = new SegmentFeed({
      segmentDuration: options.segmentDuration,
      frameRate: options.frameRate,
      windowSegments: options.windowSegments,
      ...(options.partHoldBack === undefined ? {} : { partHoldBack: options.partHoldBack }),
    });
    this.stream = {
      codec: 'h264',
      codecs: null,
      container: Container.Fmp4,
      width: options.width,
      height: options.height,
      frameRate: options.frameRate,
      audio: false,
      source: options.input.kind,
      captureSource: options.input.kind === 'test' ? CaptureSource.FrameCode : CaptureSource.RawArrival,
      frameCode: options.input.kind === 'test' ? options.frameCode : null,
      engine: 'gstreamer',
    };
    this.server = new Origin({
      media: servedMedia(this.feed),
      host: options.host,
      port: options.port,
      now: options.now,
      stream: this.stream,
      ...(tls === null ? {} : { tls }),
      ...(options.extraRoutes === undefined ? {} : { extraRoutes: options.extraRoutes }),
      health: () => ({
        state: this.feed.stats.segments > 0 ? 'ok' : 'starting',
        reason: this.feed.stats.segments > 0 ? null : 'GStreamer has not closed its first file yet',
      }),
    });
  }

  /** How closed files are found (SegmentWatcher.mode). */
  get detection(): 'watch' | 'poll' {
    return this.#watcher?.mode ?? 'poll';
  }

  /** The pipeline as one shell line (FFmpeg | gst-launch-1.0), for logs and --json. */
  get commandLine(): string {
    return `${shellQuote([this.#options.ffmpeg, ...this.ffmpegArgs])} | ${shellQuote(['gst-launch-1.0', ...this.gstArgs])}`;
  }

  async start(): Promise<void> {
    const address = await this.server.listen();
    this.origin = address.url;
    this.publicUrl = (this.#options.publicUrl ?? address.url).replace(/\/+$/, '');
    const watcher = new SegmentWatcher(this.directory);
    this.#watcher = watcher;
    watcher.on('file', ({ name, file }) => {
      const captures = this.#captures.splice(0, file.sampleCount);
      this.feed.publish(file, captures, this.#options.now());
      this.#onDisk.push(name);
      this.#removeOld();
    });
    watcher.on('invalid', ({ name, reason }) =>
      this.emit('warning', { message: `skipped ${name}: ${reason}` }),
    );
    const gst = this.#spawn('gst-launch-1.0', this.gstArgs, 'pipe').child;
    const { child: ffmpeg, stderr } = this.#spawn(this.#options.ffmpeg, this.ffmpegArgs, 'ignore');
    this.#gst = gst;
    this.#ffmpeg = ffmpeg;
    const started = this.#probe(ffmpeg, stderr);
    gst.stdin?.on('error', () => undefined); // EPIPE when gst-launch exits: its 'exit' reports it
    ffmpeg.stdout?.on('data', (chunk: Buffer) => {
      let from = 0;
      for (const frame of this.#tap.push(chunk, this.#options.now())) {
        this.#frame.push(chunk.subarray(from, frame.end));
        from = frame.end;
        this.#forward(gst, frame.capture);
      }
      if (from < chunk.length) this.#frame.push(chunk.subarray(from));
    });
    await started;
  }

  /**
   * Resolves once FFmpeg wrote its first bytes or stayed up FFMPEG_PROBE_MS; rejects with the
   * same one line as `llhls serve` (ffmpeg-failure.ts: a missing camera names v4l2-ctl) when it
   * exits first, so serve fails before it prints its URLs, not after.
   */
  #probe(ffmpeg: ChildProcess, stderr: readonly string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        ffmpeg.off('exit', onExit);
        ffmpeg.stdout?.off('data', done);
        resolve();
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        clearTimeout(timer);
        ffmpeg.stdout?.off('data', done);
        // Let its last stderr bytes arrive before the message is built.
        setImmediate(() => reject(ffmpegFailure(this.#options.input, stderr, { code, signal })));
      };
      const timer = setTimeout(done, FFMPEG_PROBE_MS);
      ffmpeg.once('exit', onExit);
      ffmpeg.stdout?.once('data', done);
    });
  }

  /**
   * Hands a whole raw frame to GStreamer, or drops it when GStreamer is more than two frames
   * behind (starting up, or a starved CPU). FFmpeg is never blocked: its `realtime` pacing
   * would reset after 2 s and stamp every later frame that late (FINDINGS.md), so capture times
   * stay true and the loss is counted (`droppedFrames`) instead. rawvideoparse numbers the frames
   * it gets, so a drop shortens the media timeline, never shifts a frame's capture time.
   */
  #forward(gst: ChildProcess, capture: number): void {
    const frame = this.#frame;
    this.#frame = [];
    const stdin = gst.stdin;
    if (stdin === null || stdin.destroyed || stdin.writableLength > 2 * this.#frameBytes) {
      this.droppedFrames += 1;
      return;
    }
    for (const piece of frame) stdin.write(piece);
    this.#captures.push(capture);
  }

  /** Keeps the newest --max-files files on disk; the origin serves from memory. */
  #removeOld(): void {
    while (this.#onDisk.length > this.#options.maxFiles) {
      const name = this.#onDisk.shift()!;
      try {
        unlinkSync(join(this.directory, name));
        this.removedFiles += 1;
      } catch {
        // already gone (the directory is being removed)
      }
    }
  }

  #spawn(
    command: string,
    args: string[],
    stdin: 'pipe' | 'ignore',
  ): { child: ChildProcess; stderr: string[] } {
    // Own process group: a Ctrl-C in the terminal reaches llhls, which stops both in order.
    const child = spawn(command, args, { stdio: [stdin, 'pipe', 'pipe'], detached: true });
    const stderr: string[] = [];
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      stderr.push(...text.split('\n').filter((l) => l.trim() !== ''));
      if (stderr.length > 20) stderr.splice(0, stderr.length - 20);
    });
    child.on('error', () => undefined);
    child.on('exit', (code, signal) => {
      if (this.#closing !== null) return;
      const name = command === 'gst-launch-1.0' ? 'gst-launch-1.0' : 'ffmpeg';
      this.emit('failed', { process: name, code, signal, stderr });
    });
    return { child, stderr };
  }

  /** Stops both processes, the watcher and the origin; removes the directory. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#watcher?.close();
      await Promise.all([stopChild(this.#ffmpeg), stopChild(this.#gst), this.server.close()]);
      this.#exitCleanup();
      process.off('exit', this.#exitCleanup);
    })();
    return this.#closing;
  }
}

/** Creates and starts the engine. @throws LlhlsError when GStreamer is missing or --host/--http-port cannot be listened on. */
export async function startGstEngine(options: GstEngineOptions): Promise<GstEngine> {
  await checkGstreamer();
  const { ffmpeg } = await resolveFfmpeg(options.ffmpeg === undefined ? {} : { flag: options.ffmpeg });
  const font = options.fontFile === undefined ? DEFAULT_FONT : options.fontFile;
  const tls = options.tls === undefined ? null : await loadTls(options.tls);
  const engine = new GstEngine(
    {
      ...options,
      ffmpeg,
      fontFile: font !== null && existsSync(font) ? font : null,
      frameCode: frameCodeLayout(options.width, options.height),
    },
    tls,
  );
  try {
    await engine.start();
  } catch (error) {
    await engine.close();
    throw error;
  }
  return engine;
}
