import type { Readable } from 'node:stream';
import { parseDuration } from '../src/cli/duration.js';
import { LlhlsError, LlhlsErrorCode } from '../src/errors.js';
import { V4l2InputFormat } from './capture/ffmpeg-args.js';
import type { OriginRouteHandler } from './origin/origin.js';
import type { StreamerOptions, StreamerSource } from './streamer-options.js';
import type { TlsRequest } from './tls.js';

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
  'window-size': number;
  'hint-streaming'?: boolean | undefined;
  'http-port': number;
  host: string;
  'public-url'?: string | undefined;
  tls?: string | undefined;
  'tls-cert'?: string | undefined;
  'tls-key'?: string | undefined;
  ffmpeg?: string | undefined;
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
  'window-size': 10,
  'http-port': 8080,
  host: '127.0.0.1',
} as const satisfies Partial<ServeFlags>;

const bad = (message: string): never => {
  throw new LlhlsError(LlhlsErrorCode.InvalidFlag, message);
};

/** Seconds from `1`, `0.1`, `0.1s` or `100ms` (the CLI's one duration grammar); more than 0. */
export function parseSeconds(value: string, flag: string): number {
  const seconds = parseDuration(value, flag) / 1000;
  if (!(seconds > 0)) bad(`${flag} must be more than 0 s; received '${value}'`);
  return seconds;
}

/** `--status-interval` in ms: `0` (or `0s`) for no status lines, else a duration (`5`, `10s`,
 *  `500ms`). */
export function parseStatusInterval(value: string): number {
  return parseDuration(value, '--status-interval');
}

/** `1280x720` → [1280, 720]; even sizes only (4:2:0 chroma needs them). */
export function parseResolution(value: string): [number, number] {
  const match = /^(\d{2,5})x(\d{2,5})$/.exec(value.trim());
  const [w, h] = match === null ? [Number.NaN, Number.NaN] : [Number(match[1]), Number(match[2])];
  if (!(w >= 16 && h >= 16 && w % 2 === 0 && h % 2 === 0)) {
    bad(`--resolution expects WIDTHxHEIGHT with even numbers, e.g. 1280x720; received '${value}'`);
  }
  return [w, h];
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
  if (!(flags.bitrate >= 50))
    bad(`--bitrate is in kbit/s and must be at least 50; received ${flags.bitrate}`);
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

/** Adapts static routes (`playerPageRoutes()` of the browser player) to origin handlers. */
export function staticRoutes(
  routes: Record<string, { contentType: string; body: () => Buffer | string }>,
): Record<string, OriginRouteHandler> {
  const handlers: Record<string, OriginRouteHandler> = {};
  for (const [path, route] of Object.entries(routes)) {
    handlers[path] = (_req, res) => {
      res.setHeader('Content-Type', route.contentType);
      res.setHeader('Cache-Control', 'no-cache');
      res.end(route.body());
    };
  }
  return handlers;
}
