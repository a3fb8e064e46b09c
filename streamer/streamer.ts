import { existsSync } from 'node:fs';
import { epochNow } from '../src/epoch-now.js';
import { EventSurface } from '../src/event-surface.js';
import { type CaptureSource, CaptureSource as CaptureSourceKind } from '../src/hls/timestamps.js';
import { ArrivalAnchoredClock, wallclockCapture } from './capture/capture-clock.js';
import { buildFfmpegArgs, ENCODED_AUDIO, keyframeInterval } from './capture/ffmpeg-args.js';
import { resolveFfmpeg } from './capture/ffmpeg-binary.js';
import { ffmpegFailure } from './capture/ffmpeg-failure.js';
import { FfmpegProcess } from './capture/ffmpeg-process.js';
import { frameCodeLayout } from './capture/frame-code.js';
import { behindRealTime, CATCH_UP_AFTER_MS } from './capture/real-time.js';
import { describeVideo, type VideoDescription } from './codec/describe-video.js';
import type { ParameterSets } from './codec/parameter-sets.js';
import { diagnoseMedia, type MediaHealth, MediaState, NO_MEDIA_AFTER_MS } from './media-health.js';
import { TsDemuxer } from './mpegts/ts-demuxer.js';
import type { DemuxEvent, DemuxStats } from './mpegts/types.js';
import { exposureWarning } from './origin/exposure.js';
import { Origin } from './origin/origin.js';
import { servedMedia } from './origin/served-media.js';
import { Container, demuxPayloads } from './packager/container.js';
import { Packager, type PackagerStats } from './packager/packager.js';
import type { StreamDescription } from './packager/timestamps-view.js';
import type { StreamerOptions } from './streamer-options.js';
import { loadTls } from './tls.js';

export const DEFAULT_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf';

/** The server clock every publish time uses (epoch ms, monotonic between NTP steps). */
export const serverClock = epochNow;

/**
 * - `source-exit`: FFmpeg exited unexpectedly; it restarts in `delayMs`, the playlist gets
 *   EXT-X-DISCONTINUITY;
 * - `restart`: FFmpeg was restarted;
 * - `caught-up`: the test source fell `behindMs` behind real time (it was paused or starved for
 *   longer than FFmpeg's `realtime` filter makes up): FFmpeg was restarted so capture times stay
 *   true, and the playlist gets EXT-X-DISCONTINUITY;
 * - `source-end`: the input stream (`--input -`) ended; the origin keeps serving the window;
 * - `media`: the input's health changed state (nothing to serve, or a stream llhls cannot
 *   package, or publishing again), with its reason then (`health()` gives the current one);
 * - `warning`: something about the input the user should know (also added to `warnings`).
 */
export interface StreamerEvents {
  'source-exit': { code: number | null; signal: string | null; delayMs: number; stderr: string[] };
  restart: { attempt: number };
  'caught-up': { behindMs: number; at: number };
  'source-end': { at: number };
  media: MediaHealth;
  warning: { message: string };
}

/** What the demuxer finds about the input that the user should know, each said once, when its
 *  count first rises above 0. */
const DEMUX_WARNINGS: ReadonlyArray<readonly [keyof DemuxStats, string]> = [
  // Only a PES that could have carried its length says the muxer leaves them out: a keyframe over
  // 64 KiB carries none from any muxer, our own FFmpeg's included.
  [
    'pesLengthLeftOut',
    'the input carries no PES lengths (FFmpeg writes none by default: -omit_video_pes_length 1); a frame is known complete from the padding of its last TS packet, or else only when the next frame begins',
  ],
  [
    'nonIdrKeyframes',
    "the input's H.264 keyframes are I-frames that are no IDR (an open GOP: x264's open-gop=1): segments start on them, and hls.js cannot start playing on one (it stops with a media error); encode closed GOPs (x264's default, or -x264-params open-gop=0)",
  ],
];

/** A snapshot for the status line. */
export interface StreamerStatus {
  uptimeMs: number;
  bytesIn: number;
  packager: PackagerStats;
  demux: DemuxStats;
  restarts: number;
  /** Restarts of the test source because it fell behind real time (see `caught-up`). */
  catchUps: { count: number; last: { at: number; behindMs: number } | null };
  /** Whether the input gives something to serve, and if not why. */
  media: MediaHealth;
  /** The latest part (or segment, with --no-parts): its msn/index and publish - capture. */
  lastPart: { msn: number; index: number; packagingMs: number } | null;
}

export interface RunningStreamer extends EventSurface<StreamerEvents> {
  /** The playlist URL on the origin's own address. */
  readonly url: string;
  /** The origin's base URL (`http://127.0.0.1:PORT`). */
  readonly origin: string;
  /** The base URL to give clients (`--public-url`, else `origin`). */
  readonly publicUrl: string;
  readonly packager: Packager;
  readonly server: Origin;
  /** null when reading a byte stream (`--input -`). */
  readonly ffmpeg: FfmpegProcess | null;
  readonly stream: StreamDescription;
  /** Things the user should know that did not stop the start (no font, no frame code, an origin
   *  reachable from the network) or came up while reading the input (DEMUX_WARNINGS). */
  readonly warnings: string[];
  /** When the input stream (`--input -`) ended, or null: `source-end` may fire before a caller
   *  that awaited startStreamer() subscribes. */
  readonly sourceEndedAt: number | null;
  status(): StreamerStatus;
  /** Whether the input gives something to serve (what /healthz says). `final`: the input ended,
   *  no grace period is left: say why there is nothing. */
  health(final?: boolean): MediaHealth;
  /** Closes the origin and stops FFmpeg. Idempotent. */
  close(): Promise<void>;
}

class Streamer extends EventSurface<StreamerEvents> implements RunningStreamer {
  url = '';
  origin = '';
  publicUrl = '';
  readonly packager: Packager;
  readonly ffmpeg: FfmpegProcess | null;
  server!: Origin;
  readonly warnings: string[] = [];
  sourceEndedAt: number | null = null;
  readonly #demuxer: TsDemuxer;
  readonly #startedAt = serverClock();
  readonly #stream: StreamDescription;
  /** The test source: frames must not fall behind real time (see capture/real-time.ts). */
  readonly #keepsRealTime: boolean;
  #bytesIn = 0;
  #catchUps: StreamerStatus['catchUps'] = { count: 0, last: null };
  #health: MediaHealth = { state: MediaState.Starting, reason: null };
  #healthTimer: NodeJS.Timeout | undefined;
  /** The demuxer's findings about the input already warned of (DEMUX_WARNINGS). */
  readonly #demuxWarned = new Set<keyof DemuxStats>();
  #video: { sets: ParameterSets; description: VideoDescription | null } | null = null;
  #closing: Promise<void> | null = null;

  readonly #noMediaAfterMs: number;

  constructor(
    packager: Packager,
    ffmpeg: FfmpegProcess | null,
    stream: StreamDescription,
    keepsRealTime: boolean,
    noMediaAfterMs: number,
  ) {
    super();
    this.#noMediaAfterMs = noMediaAfterMs;
    this.packager = packager;
    this.#demuxer = new TsDemuxer({ payloads: demuxPayloads(packager.container) });
    this.ffmpeg = ffmpeg;
    this.#stream = stream;
    this.#keepsRealTime = keepsRealTime;
    // Health changes without input too (nothing read at all): look once a second.
    this.#healthTimer = setInterval(() => this.#checkHealth(), 1000);
    this.#healthTimer.unref();
  }

  /** What /timestamps.json says about the stream: the codec and size from the SPS once read. */
  get stream(): StreamDescription {
    const cut = this.packager.cutStream;
    const sets = this.packager.parameterSets;
    if (sets !== null && this.#video?.sets !== sets) this.#video = { sets, description: describeVideo(sets) };
    const video = sets === null ? null : (this.#video?.description ?? null);
    return {
      ...this.#stream,
      codec: video?.codec ?? (cut === null || cut.codec === 'other' ? this.#stream.codec : cut.codec),
      codecs: video?.codecs ?? this.#stream.codecs ?? null,
      container: this.packager.container,
      width: this.#stream.width ?? video?.width ?? null,
      height: this.#stream.height ?? video?.height ?? null,
    };
  }

  /** One chunk of MPEG-TS in: demux and package it at once (publishing is event-driven). */
  ingest(chunk: Uint8Array): void {
    const now = serverClock();
    this.#bytesIn += chunk.byteLength;
    const events = this.#demuxer.push(chunk, now);
    if (this.#keepsRealTime && this.#catchUp(events, now)) return;
    this.packager.push(events, now);
    for (const [stat, message] of DEMUX_WARNINGS) {
      if (this.#demuxer.stats[stat] > 0 && !this.#demuxWarned.has(stat)) {
        this.#demuxWarned.add(stat);
        this.warn(message);
      }
    }
    if (this.#health.state !== MediaState.Ok) this.#checkHealth();
  }

  /** The source broke off: publish what is complete and start a new timeline. */
  breakOff(end: boolean): void {
    const now = serverClock();
    this.packager.push(this.#demuxer.flush(now), now);
    if (end) this.packager.flush(now);
    else this.packager.discontinuity(now);
    this.#demuxer.reset();
  }

  warn(message: string): void {
    this.warnings.push(message);
    this.emit('warning', { message });
  }

  override emit<K extends keyof StreamerEvents>(type: K, payload: StreamerEvents[K]): void {
    super.emit(type, payload);
  }

  health(final = false): MediaHealth {
    this.#checkHealth(final);
    return this.#health;
  }

  status(): StreamerStatus {
    const part = this.packager.window.lastPart;
    return {
      uptimeMs: serverClock() - this.#startedAt,
      bytesIn: this.#bytesIn,
      packager: { ...this.packager.stats },
      demux: { ...this.#demuxer.stats },
      restarts: this.ffmpeg?.restarts ?? 0,
      catchUps: { count: this.#catchUps.count, last: this.#catchUps.last },
      media: this.health(),
      lastPart:
        part === null ? null : { msn: part.msn, index: part.index, packagingMs: part.publish - part.capture },
    };
  }

  close(): Promise<void> {
    clearInterval(this.#healthTimer);
    this.#closing ??= Promise.all([this.server?.close(), this.ffmpeg?.destroy()]).then(() => undefined);
    return this.#closing;
  }

  /** Frames later than real time allows: drop them, restart FFmpeg, say so. True when it did. */
  #catchUp(events: readonly DemuxEvent[], now: number): boolean {
    const behindMs = behindRealTime(events, CATCH_UP_AFTER_MS);
    if (behindMs === null || this.ffmpeg === null) return false;
    this.breakOff(false);
    this.#catchUps = { count: this.#catchUps.count + 1, last: { at: now, behindMs } };
    this.ffmpeg.restart();
    this.emit('caught-up', { behindMs, at: now });
    return true;
  }

  #checkHealth(final = false): void {
    const packager = this.packager;
    const health = diagnoseMedia(
      {
        elapsedMs: serverClock() - this.#startedAt,
        bytesIn: this.#bytesIn,
        demux: this.#demuxer.stats,
        packager: packager.stats,
        program: packager.program !== null,
        refusal: packager.refusal,
        published: packager.window.lastPart !== null || packager.window.segments.some((s) => s.complete),
      },
      final ? 0 : this.#noMediaAfterMs,
    );
    const changed = health.state !== this.#health.state;
    this.#health = health;
    // The event (and serve's log line) marks a change of state, not of the reason's figures:
    // they count bytes, packets or frames and change with every chunk of garbage read (one line
    // per chunk). /healthz and the status line read the reason as it is now.
    if (changed) this.emit('media', health);
  }
}

/**
 * Starts `llhls serve`: FFmpeg (or a byte stream) → TsDemuxer → Packager → Origin. FFmpeg is
 * probed before the origin listens, so a missing device or bad input fails with one line and no
 * server. Restarts of FFmpeg become EXT-X-DISCONTINUITY.
 * @throws LlhlsError for bad options, a missing FFmpeg/device, TLS problems or a busy port
 */
export async function startStreamer(options: StreamerOptions): Promise<RunningStreamer> {
  const { source } = options;
  const encodes = source.kind === 'test' || source.kind === 'device';
  const anchored = new ArrivalAnchoredClock();
  const captureSource: CaptureSource = encodes
    ? CaptureSourceKind.Wallclock
    : CaptureSourceKind.ArrivalAnchored;
  const packager = new Packager({
    segmentTarget: options.segmentDuration,
    partTarget: options.partDuration,
    parts: options.parts,
    container: options.container ?? Container.Ts,
    windowSegments: options.windowSegments,
    ...(options.partHoldBack === undefined ? {} : { partHoldBack: options.partHoldBack }),
    // An external stream's frame rate is learnt from its PTS, and its keyframes are not promised.
    ...(encodes
      ? {
          frameRate: options.frameRate,
          keyframeInterval: keyframeInterval(options.segmentDuration, options.frameRate),
          ...(options.audio ? { expectedAudio: ENCODED_AUDIO } : {}),
        }
      : {}),
    captureTime: encodes ? wallclockCapture : (pts, arrival, anew) => anchored.capture(pts, arrival, anew),
  });
  const tls = options.tls === undefined ? undefined : await loadTls(options.tls);
  const warnings: string[] = [];
  const frameCode = source.kind === 'test' ? frameCodeLayout(options.width, options.height) : null;
  if (source.kind === 'test' && frameCode === null) {
    warnings.push(
      `no frame code: ${options.width}x${options.height} is too small for the strip (needs 416 px wide)`,
    );
  }
  let fontFile = options.fontFile === undefined ? DEFAULT_FONT : options.fontFile;
  if (source.kind === 'test' && fontFile !== null && !existsSync(fontFile)) {
    warnings.push(
      `no clock text on the test source: font ${fontFile} not found (sudo apt-get install fonts-dejavu-core)`,
    );
    fontFile = null;
  }
  const stream: StreamDescription = {
    codec: encodes ? 'h264' : 'unknown',
    codecs: null,
    width: encodes ? options.width : null,
    height: encodes ? options.height : null,
    frameRate: encodes ? options.frameRate : null,
    audio: options.audio,
    source: source.kind === 'test' ? 'test' : source.kind === 'device' ? 'device' : 'input',
    captureSource,
    frameCode,
  };

  let ffmpeg: FfmpegProcess | null = null;
  if (source.kind !== 'stream') {
    const binaries = await resolveFfmpeg(options.ffmpeg === undefined ? {} : { flag: options.ffmpeg });
    ffmpeg = new FfmpegProcess({
      ffmpeg: binaries.ffmpeg,
      args: buildFfmpegArgs({
        input: source,
        width: options.width,
        height: options.height,
        frameRate: options.frameRate,
        bitrateKbps: options.bitrateKbps,
        segmentDuration: options.segmentDuration,
        audio: options.audio,
        fontFile,
        frameCode,
      }),
      failure: (stderr, exit) => ffmpegFailure(source, stderr, exit),
      ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
    });
  }
  const exposure = exposureWarning(options.host);
  if (exposure !== null) warnings.push(exposure);
  const streamer = new Streamer(
    packager,
    ffmpeg,
    stream,
    source.kind === 'test',
    options.noMediaAfterMs ?? NO_MEDIA_AFTER_MS,
  );
  if (ffmpeg !== null) {
    ffmpeg.on('data', ({ chunk }) => streamer.ingest(chunk));
    streamer.on('caught-up', () => anchored.reset());
    ffmpeg.on('exit', ({ code, signal, delayMs, stderr }) => {
      streamer.breakOff(false);
      anchored.reset();
      streamer.emit('source-exit', { code, signal, delayMs, stderr });
    });
    ffmpeg.on('restart', ({ attempt }) => streamer.emit('restart', { attempt }));
    await ffmpeg.start();
  } else if (source.kind === 'stream') {
    source.stream.on('data', (chunk: Buffer) => streamer.ingest(chunk));
    source.stream.once('end', () => {
      streamer.breakOff(true);
      streamer.sourceEndedAt = serverClock();
      streamer.emit('source-end', { at: streamer.sourceEndedAt });
    });
  }

  const server = new Origin({
    media: servedMedia(packager),
    host: options.host,
    port: options.port,
    now: serverClock,
    hintStreaming: options.hintStreaming,
    stream: () => streamer.stream,
    health: () => streamer.health(),
    ...(tls === undefined ? {} : { tls: { cert: tls.cert, key: tls.key } }),
    ...(options.extraRoutes === undefined ? {} : { extraRoutes: options.extraRoutes }),
  });
  streamer.server = server;
  try {
    const address = await server.listen();
    streamer.origin = address.url;
    streamer.url = `${address.url}/playlist.m3u8`;
    streamer.publicUrl = (options.publicUrl ?? address.url).replace(/\/+$/, '');
  } catch (error) {
    await streamer.close();
    throw error;
  }
  streamer.warnings.push(...warnings);
  return streamer;
}
