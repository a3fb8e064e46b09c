/**
 * The demuxer's contract with the packager. The demuxer is pure: bytes and an arrival time in,
 * events out, in stream order. The packager passes TS packets through unchanged (it never
 * re-muxes), so the demuxer tells it where access units end within the packet stream.
 */

/** Codec of an elementary stream, from the PMT stream_type. */
export const StreamCodec = { H264: 'h264', AAC: 'aac', Other: 'other' } as const;
export type StreamCodec = (typeof StreamCodec)[keyof typeof StreamCodec];

export interface ElementaryStream {
  pid: number;
  /** PMT stream_type (0x1b H.264, 0x0f ADTS AAC, ...). */
  streamType: number;
  codec: StreamCodec;
}

export interface ProgramInfo {
  programNumber: number;
  pmtPid: number;
  pcrPid: number;
  streams: ElementaryStream[];
  /** The most recent PAT packet followed by the PMT packet(s): 188-byte packets, a private copy.
   *  The packager writes these at the start of every part so each part can be demuxed alone. */
  psi: Uint8Array;
}

export interface AccessUnit {
  pid: number;
  codec: StreamCodec;
  /** 90 kHz, unwrapped: 33-bit wraps are undone so values keep increasing (raw + k * 2^33). */
  pts: number;
  /** 90 kHz, unwrapped; equals pts when the PES carries no DTS. */
  dts: number;
  /** H.264: the access unit holds an IDR slice (or SPS + I slice with random_access_indicator).
   *  Audio: always true. */
  keyframe: boolean;
  /** Bytes of the PES packet (header included), as far as they were received. */
  byteLength: number;
  /** The arrival time given to the push() that completed this unit (epoch ms, caller's clock). */
  arrival: number;
  /** How the end was known: the PES length was reached, the next PES on the PID started,
   *  or flush() ended it. */
  endedBy: 'length' | 'next-unit' | 'flush';
}

export interface DemuxStats {
  packets: number;
  /** Bytes skipped while looking for 0x47 sync (garbage, partial packets). */
  resyncBytes: number;
  resyncs: number;
  /** continuity_counter jumps, counted per PID; never fatal. */
  continuityErrors: number;
  /** Packets with transport_error_indicator set. */
  transportErrors: number;
  /** PES packets that could not be parsed (bad start code, truncated header). */
  pesErrors: number;
}

/**
 * Events, in stream order.
 * - `packets`: whole 188-byte packets exactly as received (PSI included), in input order. The
 *   view is only valid until the next push()/flush(): copy what you keep.
 * - `program`: PAT/PMT seen for the first time or changed.
 * - `access-unit`: a complete unit. Every packet of it was in an earlier `packets` event, and no
 *   packet of the *next* unit on the same PID precedes this event: cutting the packet stream right
 *   here puts the whole unit on one side.
 */
export type DemuxEvent =
  | { type: 'packets'; data: Uint8Array }
  | { type: 'program'; program: ProgramInfo }
  | { type: 'access-unit'; unit: AccessUnit };
