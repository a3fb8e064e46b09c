import { Flags } from '@oclif/core';
import { SERVE_FLAG_DEFAULTS } from './serve-options.js';

/** `llhls serve`'s flags; their defaults live in SERVE_FLAG_DEFAULTS (./serve-options.ts). */
export const serveFlags = {
  engine: Flags.string({
    description:
      "What makes the stream: llhls (FFmpeg + llhls's packager: LL-HLS parts) or gstreamer (the older design rebuilt: GStreamer writes 1 s fragmented-MP4 files, served as short segments with one part each; needs GStreamer).",
    default: SERVE_FLAG_DEFAULTS.engine,
    options: ['llhls', 'gstreamer'],
  }),
  'max-files': Flags.integer({
    description:
      '--engine gstreamer: segment files kept on disk (older ones are removed once served from memory), at least 1.',
    default: SERVE_FLAG_DEFAULTS['max-files'],
  }),
  'test-src': Flags.boolean({
    description:
      'Built-in test source: moving pattern, clock text and a frame code in the pixels (the default when no --device or --input).',
  }),
  device: Flags.string({ description: 'V4L2 camera to capture, e.g. /dev/video0.' }),
  'input-format': Flags.string({ description: 'Camera pixel format for --device: mjpeg or yuyv422.' }),
  input: Flags.string({
    description:
      "Package an MPEG-TS someone else encodes: '-' for stdin, a file, or an FFmpeg URL (copied, not re-encoded).",
  }),
  audio: Flags.boolean({
    description:
      'Add AAC audio: a test tone with --test-src, ALSA "default" with --device; keep the audio of --input.',
  }),
  resolution: Flags.string({
    description: 'Capture and encode size, WIDTHxHEIGHT.',
    default: SERVE_FLAG_DEFAULTS.resolution,
  }),
  framerate: Flags.integer({ description: 'Frames per second.', default: SERVE_FLAG_DEFAULTS.framerate }),
  bitrate: Flags.integer({ description: 'Video bitrate in kbit/s.', default: SERVE_FLAG_DEFAULTS.bitrate }),
  'segment-duration': Flags.string({
    description: 'Segment duration in seconds (also the keyframe interval), e.g. 1 or 2s; 100ms to 1m.',
    default: SERVE_FLAG_DEFAULTS['segment-duration'],
    aliases: ['target-duration'],
  }),
  'part-duration': Flags.string({
    description:
      'Partial segment duration in seconds, e.g. 0.1 or 200ms; 10ms to 10s (a part holds whole frames). With --engine gstreamer: the CMAF fragment duration inside each file.',
    default: SERVE_FLAG_DEFAULTS['part-duration'],
  }),
  'part-hold-back': Flags.string({
    description:
      'PART-HOLD-BACK in seconds (default 3 x part target; at least 2 x, at most HOLD-BACK: 3 x the target duration). Not with --no-parts.',
  }),
  parts: Flags.boolean({
    description: 'Serve LL-HLS parts; --no-parts serves short segments only (classic HLS) for comparison.',
    default: SERVE_FLAG_DEFAULTS.parts,
    allowNo: true,
  }),
  container: Flags.string({
    description:
      'Container of parts and segments: ts (MPEG-TS) or fmp4 (CMAF: an init segment via EXT-X-MAP, then moof+mdat per part; what Shaka Player and Safari need for LL-HLS parts). Default ts; --engine gstreamer always writes fmp4.',
    // No oclif default: --engine gstreamer refuses an explicit ts (parseContainer defaults to ts).
    options: ['ts', 'fmp4'],
  }),
  'window-size': Flags.integer({
    description: 'Segments listed in the playlist, 3 to 600 (each is kept in memory).',
    default: SERVE_FLAG_DEFAULTS['window-size'],
    aliases: ['playlist-length'],
  }),
  'hint-streaming': Flags.boolean({
    description:
      'Stream a preload-hinted part as it is produced, instead of holding the request until it is complete (RFC 8216bis 6.2.6).',
  }),
  'http-port': Flags.integer({
    description: 'Port to listen on (0: any free port).',
    default: SERVE_FLAG_DEFAULTS['http-port'],
  }),
  host: Flags.string({
    description: 'Address to listen on (anything but loopback makes the stream reachable from the network).',
    default: SERVE_FLAG_DEFAULTS.host,
  }),
  'public-url': Flags.string({
    description: 'Base URL clients reach the server at (behind a proxy), used in the printed links.',
  }),
  tls: Flags.string({
    description:
      "'self-signed': serve HTTP/2 and HTTP/1.1 over TLS with a throw-away certificate (needs openssl).",
    options: ['self-signed'],
  }),
  'tls-cert': Flags.string({
    description: 'PEM certificate: serve HTTP/2 and HTTP/1.1 over TLS.',
    dependsOn: ['tls-key'],
  }),
  'tls-key': Flags.string({ description: 'PEM private key for --tls-cert.', dependsOn: ['tls-cert'] }),
  ffmpeg: Flags.string({
    description: 'FFmpeg executable (else ffmpeg-static, else ffmpeg on PATH).',
    env: 'LLHLS_FFMPEG',
  }),
  'status-interval': Flags.string({
    description:
      'Time between status lines, in seconds or with a unit, e.g. 5 or 10s; at least 1s (0: none).',
    default: '5',
  }),
};
