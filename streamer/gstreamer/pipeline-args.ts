import type { FrameCodeLayout } from '../../src/hls/timestamps.js';
import {
  type CaptureInput,
  keyframeInterval,
  testSourceGraph,
  v4l2InputArgs,
} from '../capture/ffmpeg-args.js';

/** What the GStreamer engine's two processes need to know. */
export interface GstPipelineOptions {
  /** The test source or a V4L2 device (FFmpeg reads it: see buildRawSourceArgs). */
  input: Extract<CaptureInput, { kind: 'test' } | { kind: 'device' }>;
  width: number;
  height: number;
  frameRate: number;
  bitrateKbps: number;
  /** Seconds: splitmuxsink's max-size-time and the keyframe interval. */
  segmentDuration: number;
  /** Seconds: mp4mux's fragment-duration (the CMAF fragments inside each file). */
  partDuration: number;
  /** Directory splitmuxsink writes into. */
  directory: string;
  fontFile: string | null;
  frameCode: FrameCodeLayout | null;
}

/** The file names splitmuxsink writes: `seg00000.mp4`, `seg00001.mp4`, ... */
export const SEGMENT_FILE = /^seg(\d{5,})\.mp4$/;
const LOCATION = 'seg%05d.mp4';

/**
 * FFmpeg's side: the llhls test source's own filter graph (moving pattern, clock text, frame
 * code, paced by `realtime`), or a V4L2 camera, as raw yuv420p frames on stdout. FFmpeg makes the
 * pixels so the frame code and the burned-in clock are exactly those of `llhls serve`, and the
 * browser client's frame-code latency reads the same way on both engines; GStreamer does all
 * the encoding and muxing, as in the design rebuilt. `-fps_mode passthrough`: one raw frame per
 * frame made (rawvideo would otherwise be resampled onto a constant rate from the wall-clock
 * PTS). Pure.
 */
export function buildRawSourceArgs(options: GstPipelineOptions): string[] {
  const args = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'warning'];
  const { input, width, height, frameRate } = options;
  if (input.kind === 'test') {
    args.push(
      '-f',
      'lavfi',
      '-i',
      testSourceGraph({
        input,
        width,
        height,
        frameRate,
        bitrateKbps: options.bitrateKbps,
        segmentDuration: options.segmentDuration,
        audio: false,
        fontFile: options.fontFile,
        frameCode: options.frameCode,
      }),
    );
  } else {
    args.push(
      ...v4l2InputArgs(input, width, height, frameRate),
      '-vf',
      `scale=${width}:${height},format=yuv420p`,
    );
  }
  return [...args, '-an', '-fps_mode', 'passthrough', '-pix_fmt', 'yuv420p', '-f', 'rawvideo', 'pipe:1'];
}

/**
 * `gst-launch-1.0` arguments: raw frames from stdin (`fdsrc ! rawvideoparse`), `videoconvert !
 * videoscale ! videorate`, x264 tuned for latency (zerolatency, ultrafast, one keyframe per
 * segment, no B-frames, half a second of VBV like llhls's FFmpeg encoder), `h264parse`, and
 * `splitmuxsink` with `mp4mux fragment-duration=<part ms> streamable=true`: one fragmented MP4
 * file per segment, cut at the keyframe after `max-size-time`. Files are never reused
 * (splitmuxsink's own max-files cycles the names and overwrites files a reader may still be
 * reading): llhls removes old ones. Each argument is one token; gst-launch escapes spaces in an
 * argument, so the muxer description stays one property value. Pure.
 */
export function buildGstLaunchArgs(options: GstPipelineOptions): string[] {
  const { width, height, frameRate } = options;
  const fps = `${frameRate}/1`;
  const segmentNs = Math.round(options.segmentDuration * 1e9);
  const fragmentMs = Math.max(1, Math.round(options.partDuration * 1000));
  const kbps = Math.round(options.bitrateKbps);
  return [
    '-q',
    'fdsrc',
    'fd=0',
    'do-timestamp=false',
    '!',
    'rawvideoparse',
    'format=i420',
    `width=${width}`,
    `height=${height}`,
    `framerate=${fps}`,
    '!',
    'videoconvert',
    '!',
    'videoscale',
    '!',
    'videorate',
    '!',
    `video/x-raw,format=I420,width=${width},height=${height},framerate=${fps}`,
    '!',
    'x264enc',
    'tune=zerolatency',
    'speed-preset=ultrafast',
    `key-int-max=${keyframeInterval(options.segmentDuration, frameRate)}`,
    'bframes=0',
    `bitrate=${kbps}`,
    'vbv-buf-capacity=500',
    '!',
    'h264parse',
    '!',
    'splitmuxsink',
    `muxer=mp4mux fragment-duration=${fragmentMs} streamable=true`,
    `max-size-time=${segmentNs}`,
    'max-files=0',
    `location=${options.directory}/${LOCATION}`,
  ];
}

/** The command line as a user would type it (logs, --json, the README). */
export function shellQuote(args: readonly string[]): string {
  return args.map((a) => (/^[\w@%+=:,./!-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
