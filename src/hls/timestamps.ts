/**
 * `/timestamps.json`: what an llhls origin publishes about every segment and part in its window,
 * so any client can turn "I received part (msn, index)" or "I displayed frame code C" into a
 * capture time without trusting PROGRAM-DATE-TIME. The streamer produces it; the clients read it
 * over HTTP (they never import the streamer). JSON Schema: schemas/timestamps.schema.json.
 * All instants are Unix epoch milliseconds on the server's clock (fractions allowed).
 */
export const TIMESTAMPS_SCHEMA = 'llhls.timestamps/1';

/** Where capture times come from, in the streamer. */
export const CaptureSource = {
  /** FFmpeg stamped every frame with the wall clock when the test source/camera made it. */
  Wallclock: 'wallclock',
  /** An external MPEG-TS (`--input`): stream timestamps anchored to the arrival of the first frame. */
  ArrivalAnchored: 'arrival-anchored',
  /** `serve --engine gstreamer` with the test source: the capture ms drawn in each frame's pixels
   *  (its frame code), read from the raw frame on its way from FFmpeg to GStreamer. */
  FrameCode: 'frame-code',
  /** `serve --engine gstreamer` with a camera: when the raw frame's last byte reached llhls from
   *  FFmpeg (an upper bound of its capture, by the capture-to-pipe delay). */
  RawArrival: 'raw-arrival',
} as const;
export type CaptureSource = (typeof CaptureSource)[keyof typeof CaptureSource];

/** How the test source draws a machine-readable frame code into every frame's pixels. */
export interface FrameCodeLayout {
  /** The code is floor(capture ms) mod 2^bits. */
  kind: 'capture-ms';
  bits: number;
  /** Top-left corner of the strip, in pixels of the encoded frame. */
  x: number;
  y: number;
  /** Square block size in pixels. Block 0 is always white, block 1 always black (references);
   *  blocks 2 .. bits+1 carry the bits, most significant first, white = 1. */
  blockSize: number;
  /** Width and height of the encoded frame the geometry refers to (scale it if the frame was scaled). */
  frameWidth: number;
  frameHeight: number;
}

export interface TimestampsStreamInfo {
  /** The video codec family (`h264`, `hevc`), `aac` for an audio-only stream, `unknown` before the
   *  input's program was read. */
  codec: string;
  /** The RFC 6381 CODECS value from the stream's SPS (`avc1.64001f`, `hvc1.1.6.L93.B0`); null
   *  until the first SPS was read or for audio-only streams. Optional: servers before it omit it. */
  codecs?: string | null;
  /** The container of parts and segments: `ts` (MPEG-TS) or `fmp4` (CMAF, with an init segment).
   *  Optional: servers before it omit it (they served MPEG-TS). */
  container?: 'ts' | 'fmp4';
  width: number | null;
  height: number | null;
  frameRate: number | null;
  audio: boolean;
  source: 'test' | 'device' | 'input';
  captureSource: CaptureSource;
  /** Which engine made the stream: `llhls` (FFmpeg + llhls's packager) or `gstreamer`
   *  (`serve --engine gstreamer`). Optional: servers before it omit it (llhls). */
  engine?: 'llhls' | 'gstreamer';
  frameCode: FrameCodeLayout | null;
  partTarget: number | null; // seconds; null with --no-parts
  targetDuration: number; // seconds
}

export interface TimestampsPart {
  msn: number;
  /** Index of the part within its parent segment. */
  part: number;
  uri: string;
  duration: number; // seconds
  independent: boolean;
  /** 90 kHz, unwrapped, of the first video frame. */
  firstPts: number;
  /** Capture time of the part's first frame. */
  capture: number;
  /** Capture time of every video frame in the part, in presentation order. */
  frameCaptures: number[];
  /** When the part's last byte was in memory and listed (or hinted and complete). */
  publish: number;
}

export interface TimestampsSegment {
  msn: number;
  uri: string;
  duration: number;
  discontinuity: boolean;
  firstPts: number;
  capture: number;
  /** EXT-X-PROGRAM-DATE-TIME of the segment, as epoch ms (equals capture by design). */
  programDateTime: number;
  publish: number;
  /** null while the segment is still being filled (its parts are listed). */
  complete: boolean;
  parts: TimestampsPart[];
}

export interface TimestampsDocument {
  schema: typeof TIMESTAMPS_SCHEMA;
  /** Server clock when the response was generated. */
  serverTime: number;
  stream: TimestampsStreamInfo;
  mediaSequence: number;
  discontinuitySequence: number;
  segments: TimestampsSegment[];
}

/** `/time` answers `{ receive, send }`: the server clock (epoch ms, sub-ms precision) when the
 *  request was received and when the response was sent, for NTP-style offset estimation. */
export interface TimeResponse {
  receive: number;
  send: number;
}
