import type { Readable } from 'node:stream';
import { V4l2InputFormat } from '../../streamer/capture/ffmpeg-args.js';
import type { GstEngineOptions } from '../../streamer/gstreamer/gst-engine.js';
import { type OriginRouteHandler, staticRoutes } from '../../streamer/origin/respond.js';
import { Container } from '../../streamer/packager/container.js';
import type { StreamerOptions, StreamerSource } from '../../streamer/streamer-options.js';
import type { TlsRequest } from '../../streamer/tls.js';
import { playerPageRoutes } from '../browser/player-page.js';
import { LlhlsError, LlhlsErrorCode } from '../errors.js';
import { parseDuration } from './duration.js';

/** The `llhls serve` flags as oclif parses them (strings where units or formats need checking). */
export interface ServeFlags {
  // oclif leaves boolean flags without a default undefined when absent.
  'test-src'?: boolean | undefined;
  device?: string | undefined;
  'input-format'?: string | undefined;
  input?: string | undefined;
  audio?: boolean | undefined;
  resolution: string;
  framerate: number;
  bitrate: number;
  'segment-duration': string;
  'part-duration': string;
  'part-hold-back'?: string | undefined;
  parts?: boolean | undefined;
  container?: string | undefined;
  'window-size': number;
  'hint-streaming'?: boolean | undefined;
  'http-port': number;
  host: string;
  'public-url'?: string | undefined;
  tls?: string | undefined;
  'tls-cert'?: string | undefined;
  'tls-key'?: string | undefined;
  ffmpeg?: string | undefined;
  engine?: string | undefined;
  'max-files'?: number | undefined;
}

/** The defaults of `llhls serve`'s flags: the command declares them from here, and whatever builds
 *  "serve defaults" in-process (tests, later compare and demo) should too, so they cannot drift.
 *  bench/browser-latency.ts runs the compiled command itself. */
export const SERVE_FLAG_DEFAULTS = {
  resolution: '1280x720',
  framerate: 30,
  bitrate: 2500,
  'segment-duration': '1',
  'part-duration': '0.1',
  parts: true,
  container: Container.Ts,
  'window-size': 10,
  'http-port': 8080,
  host: '127.0.0.1',
  engine: 'llhls',
  'max-files': 10,
} as const satisfies Partial<ServeFlags>;

const bad = (message: string): never => {
  throw new LlhlsError(LlhlsErrorCode.InvalidFlag, message);
};

/**
 * The bounds of serve's time flags, in ms, and why:
 * - `--part-duration` at least 10 ms: a viewer makes about two requests per part (the blocking
 *   playlist reload and the part), so 10 ms parts are 200 requests/s per viewer, and this machine's
 *   bare HTTP floor (FINDINGS.md, 18-22k requests/s) would serve about 100 viewers; a part also
 *   never lasts less than one frame (PART-TARGET is raised to it). At most 10 s: the spec's
 *   Part Target is a fraction of the target duration, and longer parts are segments.
 * - `--segment-duration` 100 ms to 60 s: TARGETDURATION is whole seconds (at least 1), and a held
 *   request waits up to 3 target durations; a minute-long segment is no live stream.
 * - `--part-hold-back` up to 60 s (and from 2 x the part target to HOLD-BACK: the packager checks).
 * - `--status-interval` 0 (none) or at least 1 s: more than a line a second is unreadable.
 */
export const SERVE_DURATION_BOUNDS = {
  '--part-duration': { minMs: 10, maxMs: 10_000 },
  '--segment-duration': { minMs: 100, maxMs: 60_000 },
  '--part-hold-back': { minMs: 1, maxMs: 60_000 },
  '--status-interval': { minMs: 1000 },
} as const;

/** Most segments a window may list: each is kept in memory (10 min of 1 s segments, ~190 MB at
 *  2.5 Mbit/s). */
export const MAX_WINDOW_SEGMENTS = 600;
/** Most kbit/s the encoder is asked for (100 Mbit/s: beyond any live 4K stream). */
export const MAX_BITRATE_KBPS = 100_000;

/** Seconds from `1`, `0.1`, `0.1s` or `100ms` (the CLI's one duration grammar), within the flag's
 *  bounds (SERVE_DURATION_BOUNDS). */
export function parseSeconds(value: string, flag: keyof typeof SERVE_DURATION_BOUNDS): number {
  return parseDuration(value, flag, SERVE_DURATION_BOUNDS[flag]) / 1000;
}

/** `--status-interval` in ms: `0` (or `0s`) for no status lines, else a duration of at least 1 s
 *  (`5`, `10s`). */
export function parseStatusInterval(value: string): number {
  const ms = parseDuration(value, '--status-interval');
  return ms === 0 ? 0 : parseDuration(value, '--status-interval', SERVE_DURATION_BOUNDS['--status-interval']);
}

/** `1280x720` → [1280, 720]; even sizes only (4:2:0 chroma needs them), 16 to 7680x4320 (8K). */
export function parseResolution(value: string): [number, number] {
  const match = /^(\d{2,5})x(\d{2,5})$/.exec(value.trim());
  const [w, h] = match === null ? [Number.NaN, Number.NaN] : [Number(match[1]), Number(match[2])];
  if (!(w >= 16 && h >= 16 && w % 2 === 0 && h % 2 === 0)) {
    bad(`--resolution expects WIDTHxHEIGHT with even numbers, e.g. 1280x720; received '${value}'`);
  }
  if (w > 7680 || h > 4320) bad(`--resolution is at most 7680x4320 (8K); received '${value}'`);
  return [w, h];
}

/** `--container ts|fmp4` (default ts). */
export function parseContainer(value: string | undefined): Container {
  if (value === undefined || value === Container.Ts) return Container.Ts;
  if (value === Container.Fmp4) return Container.Fmp4;
  return bad(`--container expects ts or fmp4; received '${value}'`);
}

function source(flags: ServeFlags, stdin: Readable): StreamerSource {
  const chosen = [
    flags['test-src'] === true && '--test-src',
    flags.device !== undefined && '--device',
    flags.input !== undefined && '--input',
  ].filter(Boolean);
  if (chosen.length > 1) bad(`choose one source: ${chosen.join(' or ')}`);
  const format = flags['input-format'];
  if (format !== undefined && flags.device === undefined) bad('--input-format applies to --device only');
  if (flags.device !== undefined) {
    const inputFormat = format === undefined ? undefined : format === 'yuyv' ? V4l2InputFormat.Yuyv : format;
    if (inputFormat !== undefined && !Object.values<string>(V4l2InputFormat).includes(inputFormat)) {
      bad(`--input-format expects mjpeg or yuyv422; received '${format}'`);
    }
    return {
      kind: 'device',
      device: flags.device,
      ...(inputFormat === undefined ? {} : { inputFormat: inputFormat as V4l2InputFormat }),
    };
  }
  if (flags.input === '-') return { kind: 'stream', stream: stdin, label: 'stdin' };
  if (flags.input !== undefined) return { kind: 'input', input: flags.input };
  return { kind: 'test' };
}

function tls(flags: ServeFlags, host: string): TlsRequest | undefined {
  const cert = flags['tls-cert'];
  const key = flags['tls-key'];
  if (flags.tls !== undefined) {
    if (flags.tls !== 'self-signed')
      bad(
        `--tls accepts only 'self-signed'; received '${flags.tls}' (use --tls-cert and --tls-key for your own)`,
      );
    if (cert !== undefined || key !== undefined)
      bad('--tls self-signed and --tls-cert/--tls-key exclude each other');
    return { kind: 'self-signed', hosts: [host] };
  }
  if ((cert === undefined) !== (key === undefined)) bad('--tls-cert and --tls-key go together');
  return cert === undefined || key === undefined
    ? undefined
    : { kind: 'files', certFile: cert, keyFile: key };
}

/**
 * Checks the flag combinations and builds the streamer's options. The packager checks the
 * timing rules itself (part <= segment, PART-HOLD-BACK >= 2 x part target) when it starts.
 * @throws LlhlsError InvalidFlag naming the flag and what it expects
 */
export function buildServeOptions(
  flags: ServeFlags,
  stdin: Readable,
  extraRoutes?: Record<string, OriginRouteHandler>,
): StreamerOptions {
  const [width, height] = parseResolution(flags.resolution);
  if (!(flags.framerate > 0 && flags.framerate <= 240))
    bad(`--framerate must be in (0, 240]; received ${flags.framerate}`);
  if (!(flags.bitrate >= 50 && flags.bitrate <= MAX_BITRATE_KBPS))
    bad(`--bitrate is in kbit/s, 50 to ${MAX_BITRATE_KBPS}; received ${flags.bitrate}`);
  const window = flags['window-size'];
  if (!(Number.isInteger(window) && window >= 3 && window <= MAX_WINDOW_SEGMENTS)) {
    bad(
      `--window-size must be 3 to ${MAX_WINDOW_SEGMENTS} segments (at least 3: RFC 8216bis 6.2.2; every segment is kept in memory); received ${window}`,
    );
  }
  const port = flags['http-port'];
  if (!(Number.isInteger(port) && port >= 0 && port <= 65_535))
    bad(`--http-port must be 0-65535; received ${port}`);
  const publicUrl = flags['public-url'];
  if (publicUrl !== undefined && !/^https?:\/\/[^/\s]+/.test(publicUrl)) {
    bad(`--public-url expects an http(s) URL such as https://example.com:8443; received '${publicUrl}'`);
  }
  const tlsRequest = tls(flags, flags.host);
  const holdBack = flags['part-hold-back'];
  return {
    source: source(flags, stdin),
    width,
    height,
    frameRate: flags.framerate,
    bitrateKbps: flags.bitrate,
    segmentDuration: parseSeconds(flags['segment-duration'], '--segment-duration'),
    partDuration: parseSeconds(flags['part-duration'], '--part-duration'),
    parts: flags.parts !== false,
    container: parseContainer(flags.container),
    ...(holdBack === undefined ? {} : { partHoldBack: parseSeconds(holdBack, '--part-hold-back') }),
    windowSegments: flags['window-size'],
    hintStreaming: flags['hint-streaming'] === true,
    audio: flags.audio === true,
    host: flags.host,
    port,
    ...(tlsRequest === undefined ? {} : { tls: tlsRequest }),
    ...(flags.ffmpeg === undefined ? {} : { ffmpeg: flags.ffmpeg }),
    ...(publicUrl === undefined ? {} : { publicUrl }),
    ...(extraRoutes === undefined ? {} : { extraRoutes }),
  };
}

/** The routes of serve's standalone player page (`/player`, hls.js), for `extraRoutes`. */
export function playerRoutes(): Record<string, OriginRouteHandler> {
  return staticRoutes(playerPageRoutes());
}

/** `--engine llhls|gstreamer` (default llhls). */
export function parseEngine(value: string | undefined): 'llhls' | 'gstreamer' {
  if (value === undefined || value === 'llhls' || value === 'gstreamer') return value ?? 'llhls';
  return bad(`--engine expects llhls or gstreamer; received '${value}'`);
}

/** Flags of the llhls engine that the GStreamer design has nothing for: refused by name. */
const NOT_FOR_GSTREAMER = ['input', 'audio', 'hint-streaming'] as const;

/**
 * The GStreamer engine's options from serve's flags: the same checks as buildServeOptions, then
 * what this engine cannot do refused by name (an --input MPEG-TS, audio, hint streaming,
 * --container ts, --no-parts), and --max-files.
 * @throws LlhlsError InvalidFlag
 */
export function buildGstEngineOptions(
  flags: ServeFlags,
  stdin: Readable,
  extraRoutes?: Record<string, OriginRouteHandler>,
): Omit<GstEngineOptions, 'now'> {
  const options = buildServeOptions(flags, stdin, extraRoutes);
  for (const flag of NOT_FOR_GSTREAMER) {
    if (flags[flag] !== undefined && flags[flag] !== false)
      bad(`--${flag} does not apply to --engine gstreamer`);
  }
  if (flags.container === Container.Ts)
    bad('--engine gstreamer writes fragmented MP4 (CMAF): drop --container ts');
  if (flags.parts === false) bad('--engine gstreamer lists one part per segment: drop --no-parts');
  const source = options.source;
  if (source.kind !== 'test' && source.kind !== 'device')
    bad('--engine gstreamer takes --test-src or --device');
  const maxFiles = flags['max-files'] ?? SERVE_FLAG_DEFAULTS['max-files'];
  if (!(Number.isInteger(maxFiles) && maxFiles >= 1))
    bad(`--max-files must be an integer >= 1; received ${maxFiles}`);
  return {
    input: source as GstEngineOptions['input'],
    width: options.width,
    height: options.height,
    frameRate: options.frameRate,
    bitrateKbps: options.bitrateKbps,
    segmentDuration: options.segmentDuration,
    partDuration: options.partDuration,
    maxFiles,
    windowSegments: options.windowSegments,
    ...(options.partHoldBack === undefined ? {} : { partHoldBack: options.partHoldBack }),
    host: options.host,
    port: options.port,
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
    ...(options.extraRoutes === undefined ? {} : { extraRoutes: options.extraRoutes }),
    ...(options.ffmpeg === undefined ? {} : { ffmpeg: options.ffmpeg }),
  };
}
