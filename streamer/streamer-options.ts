import type { Readable } from 'node:stream';
import type { CaptureInput } from './capture/ffmpeg-args.js';
import type { RestartBackoff } from './capture/ffmpeg-process.js';
import type { OriginRouteHandler } from './origin/respond.js';
import type { Container } from './packager/container.js';
import type { TlsRequest } from './tls.js';

/** Where the media comes from: FFmpeg (test source, V4L2 device, file or URL) or a byte stream
 *  someone else encodes (`--input -`: stdin, or any Readable in tests). */
export type StreamerSource = CaptureInput | { kind: 'stream'; stream: Readable; label: string };

/** Everything `startStreamer` needs; src/cli/serve-options.ts builds it from the CLI flags. */
export interface StreamerOptions {
  source: StreamerSource;
  width: number;
  height: number;
  frameRate: number;
  /** Video bitrate, kbit/s (encoding sources only). */
  bitrateKbps: number;
  /** Seconds. */
  segmentDuration: number;
  /** Seconds. */
  partDuration: number;
  /** false = --no-parts. */
  parts: boolean;
  /** `--container`: MPEG-TS parts (default) or fMP4 (CMAF). */
  container?: Container;
  /** Seconds; default 3 x the part target. */
  partHoldBack?: number;
  windowSegments: number;
  hintStreaming: boolean;
  audio: boolean;
  host: string;
  /** 0 = any free port. */
  port: number;
  tls?: TlsRequest;
  /** `--ffmpeg PATH`. */
  ffmpeg?: string;
  /** The base URL clients use (behind a proxy); default the origin's own address. */
  publicUrl?: string;
  /** Extra routes on the origin (the player page, hls.js). */
  extraRoutes?: Record<string, OriginRouteHandler>;
  /** FFmpeg restart backoff (tests shorten it). */
  backoff?: RestartBackoff;
  /** How long the input may take to give something to serve before llhls says why it does not;
   *  default NO_MEDIA_AFTER_MS (tests shorten it). */
  noMediaAfterMs?: number;
  /** Font for the test source's clock text; null: none. Default DejaVu Sans Mono when present. */
  fontFile?: string | null;
}
