/**
 * The one builder of FFmpeg command lines for tests and benches: a `testsrc2` pattern (optionally
 * with a sine tone), filtered, encoded and written where the caller says. Only what each caller
 * sets is on the line, so an edge case (FFmpeg's MPEG-TS defaults, no -muxdelay 0, a 0.7 s mux
 * delay) stays what it was meant to be. `llhls serve`'s own command is
 * streamer/capture/ffmpeg-args.ts.
 */
export interface TestCommandOptions {
  width?: number;
  height?: number;
  fps?: number;
  /** Filters appended to the source's graph (`testsrc2=...,realtime,...`). */
  graph?: readonly string[];
  /** `-vf` filters applied after decoding the source, e.g. a frame code drawn with drawbox. */
  videoFilters?: readonly string[];
  /** `-re`: read the source at its frame rate (a live feed). */
  realtime?: boolean;
  /** `-y`: overwrite the output file. */
  overwrite?: boolean;
  /** A 48 kHz sine tone as a second input, encoded AAC 64 kbit/s. */
  audio?: boolean;
  /** `-t`: seconds of media; default until killed. */
  seconds?: number;
  /** `-frames:v`: frames of media. */
  frames?: number;
  /** `-c:v` and what goes with it: libx264 (ultrafast, zerolatency unless `tune: null`), libx265
   *  (keyint from `gop`, no scene cuts), or another encoder name with no options. */
  codec?: string;
  tune?: 'zerolatency' | null;
  /** Keyframe interval in frames (`-g` for libx264). */
  gop?: number;
  /** Encoder options after the codec's own: `-bf 0`, rate control, `-pix_fmt`... */
  encoder?: readonly string[];
  /** Format and destination: `['-f', 'mpegts', 'pipe:1']` (default), an HLS muxer, a file. */
  output?: readonly string[];
}

/** FFmpeg's MPEG-TS on stdout. */
export const MPEGTS_PIPE = ['-f', 'mpegts', 'pipe:1'] as const;

/** The arguments of `ffmpeg` (without the program name) for `options`. */
export function ffmpegTestArgs(options: TestCommandOptions = {}): string[] {
  const { width = 320, height = 180, fps = 30, codec = 'libx264', tune = 'zerolatency' } = options;
  const graph = [`testsrc2=size=${width}x${height}:rate=${fps}`, ...(options.graph ?? [])].join(',');
  const encoder: string[] = ['-c:v', codec];
  if (codec === 'libx264') {
    encoder.push('-preset', 'ultrafast', ...(tune === null ? [] : ['-tune', tune]));
    if (options.gop !== undefined) encoder.push('-g', String(options.gop));
  } else if (codec === 'libx265') {
    const gop = options.gop ?? fps;
    encoder.push('-preset', 'ultrafast', ...(tune === null ? [] : ['-tune', tune]));
    encoder.push('-x265-params', `keyint=${gop}:min-keyint=${gop}:scenecut=0:log-level=error`);
  }
  // biome-ignore format: an FFmpeg command line reads best one option per pair
  return [
    '-hide_banner', '-loglevel', 'error',
    ...(options.overwrite === true ? ['-y'] : []),
    ...(options.realtime === true ? ['-re'] : []),
    '-f', 'lavfi', '-i', graph,
    ...(options.audio === true ? ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'] : []),
    ...(options.seconds === undefined ? [] : ['-t', String(options.seconds)]),
    ...(options.frames === undefined ? [] : ['-frames:v', String(options.frames)]),
    ...(options.videoFilters === undefined ? [] : ['-vf', options.videoFilters.join(',')]),
    ...encoder,
    ...(options.encoder ?? []),
    ...(options.audio === true ? ['-c:a', 'aac', '-b:a', '64k'] : []),
    ...(options.output ?? MPEGTS_PIPE),
  ];
}

/** FFmpeg's own HLS muxer into `playlist`: `segmentSeconds` segments, PDT, a sliding window. */
export function hlsOutput(playlist: string, listSize: number, segmentSeconds = 1): string[] {
  // biome-ignore format: an FFmpeg command line reads best one option per pair
  return [
    '-f', 'hls', '-hls_time', String(segmentSeconds), '-hls_list_size', String(listSize),
    '-hls_flags', 'delete_segments+program_date_time', playlist,
  ];
}
