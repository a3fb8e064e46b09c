import type { FrameCodeLayout } from '../../src/hls/timestamps.js';
import type { AdtsConfig } from '../codec/adts.js';
import { frameCodeFilters } from './frame-code.js';

/** What FFmpeg reads. `--input -` never reaches FFmpeg: the streamer reads stdin itself. */
export type CaptureInput =
  | { kind: 'test' }
  | { kind: 'device'; device: string; inputFormat?: V4l2InputFormat; audioDevice?: string }
  | { kind: 'input'; input: string };

export const V4l2InputFormat = { Mjpeg: 'mjpeg', Yuyv: 'yuyv422' } as const;
export type V4l2InputFormat = (typeof V4l2InputFormat)[keyof typeof V4l2InputFormat];

export interface CaptureArgsOptions {
  input: CaptureInput;
  width: number;
  height: number;
  frameRate: number;
  /** Video bitrate, kbit/s. */
  bitrateKbps: number;
  /** Segment duration in seconds: the keyframe interval. */
  segmentDuration: number;
  audio: boolean;
  /** TrueType font for the wall-clock text of the test source; null draws no text. */
  fontFile: string | null;
  /** Frame-code strip of the test source; null draws none. */
  frameCode: FrameCodeLayout | null;
}

/** Escapes a value for a filter option inside a filtergraph (`\`, `'`, `:` and `,`). */
const escapeOption = (value: string): string => value.replace(/[\\':,]/g, (c) => `\\${c}`);

/**
 * The test source's filtergraph (a lavfi input). `setpts=RTCSTART+N*1e6/FPS` in AVTB gives every
 * frame the wall-clock µs of a regular grid (durations exact), and `realtime` releases each frame
 * at that instant, so PTS = capture time (FINDINGS.md). Then the wall-clock text and the frame code.
 */
export function testSourceGraph(options: CaptureArgsOptions): string {
  const { width, height, frameRate } = options;
  const filters = [
    `testsrc2=size=${width}x${height}:rate=${frameRate}`,
    'settb=AVTB',
    // Start on a multiple of 100 µs (= 9 ticks of 90 kHz): setpts truncates to whole µs, and from
    // such a start every frame lands exactly on the 90 kHz grid (3000 ticks at 30 fps).
    `setpts=floor(RTCSTART/100)*100+N*1000000/${frameRate}`,
    'realtime',
  ];
  if (options.fontFile !== null) {
    const top = options.frameCode === null ? 8 : options.frameCode.y + options.frameCode.blockSize + 8;
    const size = Math.max(16, Math.round(height / 16));
    // HH:MM:SS (UTC) from the PTS, then the milliseconds, zero-padded to 3 digits.
    const text = '%{pts\\:gmtime\\:0\\:%H\\\\\\:%M\\\\\\:%S}.%{eif\\:mod(floor(t*1000)\\,1000)\\:d\\:3}';
    filters.push(
      `drawtext=fontfile=${escapeOption(options.fontFile)}:fontsize=${size}:fontcolor=white:box=1:boxcolor=black:x=8:y=${top}:text='${text}'`,
    );
  }
  if (options.frameCode !== null) filters.push(frameCodeFilters(options.frameCode));
  filters.push('format=yuv420p');
  return filters.join(',');
}

/** Keyframe interval in frames: one keyframe per segment, so every segment can start with one. */
export function keyframeInterval(segmentDuration: number, frameRate: number): number {
  return Math.max(1, Math.round(segmentDuration * frameRate));
}

/** Latency-first H.264: no lookahead or B-frames, fixed GOP, a VBV of half a second. */
function videoEncoderArgs(options: CaptureArgsOptions): string[] {
  const gop = String(keyframeInterval(options.segmentDuration, options.frameRate));
  const kbps = Math.round(options.bitrateKbps);
  return [
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-tune',
    'zerolatency',
    '-bf',
    '0',
    '-g',
    gop,
    '-keyint_min',
    gop,
    '-sc_threshold',
    '0',
    '-b:v',
    `${kbps}k`,
    '-maxrate',
    `${kbps}k`,
    // Half a second of VBV: frame sizes stay even (no part waits on a huge frame) while a keyframe
    // per second still gets the bits it needs.
    '-bufsize',
    `${Math.max(1, Math.round(kbps / 2))}k`,
    '-pix_fmt',
    'yuv420p',
    // Keep our wall-clock PTS: no frame dropping/duplication or timestamp rewriting, and an encoder
    // time base of 1 µs (by default 1/framerate, which rounds every PTS to the frame grid since
    // the epoch: measured here, frame codes 3-16 ms away from the PTS).
    '-fps_mode',
    'passthrough',
    '-enc_time_base:v',
    '1:1000000',
  ];
}

const AUDIO_ENCODER = ['-c:a', 'aac', '-b:a', '96k', '-ar', '48000', '-ac', '2'];

/** What AUDIO_ENCODER makes, as its ADTS headers will say: AAC LC, 48 kHz, stereo. The fMP4 init
 *  segment can declare it before the first audio frame arrives (the test source's starts ~0.7 s
 *  after its first video frame). */
export const ENCODED_AUDIO: AdtsConfig = {
  objectType: 2,
  samplingFrequencyIndex: 3,
  sampleRate: 48_000,
  channelConfiguration: 2,
};

/** MPEG-TS to stdout with no mux delay or buffering (FINDINGS.md: the default 0.7 s mux delay put
 *  PROGRAM-DATE-TIME 0.45-0.9 s in the future), and with PES lengths: without them a frame's end
 *  is read from its padded last packet, or, when that packet is full, known only when the next
 *  frame begins. */
export const MPEGTS_OUTPUT_ARGS = [
  '-muxdelay',
  '0',
  '-muxpreload',
  '0',
  '-flush_packets',
  '1',
  '-omit_video_pes_length',
  '0',
  '-f',
  'mpegts',
  'pipe:1',
] as const;

/** FFmpeg's input arguments for a V4L2 camera at a size and rate. Pure. */
export function v4l2InputArgs(
  input: Extract<CaptureInput, { kind: 'device' }>,
  width: number,
  height: number,
  frameRate: number,
): string[] {
  return [
    '-f',
    'v4l2',
    ...(input.inputFormat === undefined ? [] : ['-input_format', input.inputFormat]),
    '-video_size',
    `${width}x${height}`,
    '-framerate',
    String(frameRate),
    '-i',
    input.device,
  ];
}

/**
 * FFmpeg arguments (without the executable) for a capture. Pure.
 */
export function buildFfmpegArgs(options: CaptureArgsOptions): string[] {
  const args = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'warning'];
  const { input } = options;
  if (input.kind === 'input') {
    // A regular file is read at its own pace (-re) so it plays as live; URLs are live already.
    const isUrl = /^[a-z][a-z0-9+.-]*:/i.test(input.input);
    if (!isUrl) args.push('-re');
    args.push('-i', input.input, '-map', '0:v?', '-map', '0:a?', '-c', 'copy');
    if (!options.audio) args.push('-an');
    return [...args, ...MPEGTS_OUTPUT_ARGS];
  }
  if (input.kind === 'test') {
    args.push('-f', 'lavfi', '-i', testSourceGraph(options));
    if (options.audio) {
      // A 440 Hz tone paced by arealtime and stamped on the same wall clock (N counts samples).
      args.push(
        '-f',
        'lavfi',
        '-i',
        'sine=frequency=440:sample_rate=48000,arealtime,asettb=AVTB,asetpts=RTCSTART+N*1000000/48000',
      );
    }
  } else {
    args.push(...v4l2InputArgs(input, options.width, options.height, options.frameRate));
    if (options.audio) args.push('-f', 'alsa', '-i', input.audioDevice ?? 'default');
    // The wall clock when the frame entered the filter graph: true arrival, so durations jitter.
    args.push('-vf', 'settb=AVTB,setpts=RTCTIME,format=yuv420p');
    if (options.audio) args.push('-af', 'asettb=AVTB,asetpts=RTCTIME');
  }
  // Keep the wall-clock PTS: by default FFmpeg shifts every input to start at 0.
  args.push('-copyts', '-map', '0:v:0');
  if (options.audio) args.push('-map', '1:a:0');
  args.push(...videoEncoderArgs(options));
  if (options.audio) args.push(...AUDIO_ENCODER);
  return [...args, ...MPEGTS_OUTPUT_ARGS];
}
