import type { ParameterSets } from '../codec/parameter-sets.js';

/**
 * The demuxer's contract with the packager. The demuxer is pure: bytes and an arrival time in,
 * events out, in stream order. The packager passes TS packets through unchanged (it never
 * re-muxes), so the demuxer tells it where access units end within the packet stream.
 */

/** Codec of an elementary stream, from the PMT stream_type. */
export const StreamCodec = { H264: 'h264', HEVC: 'hevc', AAC: 'aac', Other: 'other' } as const;
export type StreamCodec = (typeof StreamCodec)[keyof typeof StreamCodec];

export interface ElementaryStream {
  pid: number;
  /** PMT stream_type (0x1b H.264, 0x24 H.265, 0x0f ADTS AAC, ...). */
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
  /** Video: the access unit's first slice starts a random access point (H.264 IDR, H.265 IRAP),
   *  or the PES carried random_access_indicator. Audio: always true. */
  keyframe: boolean;
  /** Bytes of the PES packet (header included), as far as they were received. */
  byteLength: number;
  /** The arrival time given to the push() that completed this unit (epoch ms, caller's clock). */
  arrival: number;
  /** How the end was known: the PES length was reached; a PES without length ended in a packet
   *  padded with adaptation-field stuffing (a PES ends on a packet boundary, so a short last
   *  packet is padded: FFmpeg and most muxers); the next PES on the PID started; or flush(). */
  endedBy: 'length' | 'stuffing' | 'next-unit' | 'flush';
  /** The unit's elementary stream bytes (PES header removed; video in Annex B, AAC as ADTS
   *  frames), a private copy; only for streams the demuxer was asked for (DemuxOptions.payloads). */
  payload?: Uint8Array;
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
  /** PES packets that carried no PES_packet_length (FFmpeg's default for video). */
  pesWithoutLength: number;
  /** Of those, the ones short enough to have carried one (at most 64 KiB): the muxer left it out
   *  (FFmpeg's -omit_video_pes_length, on by default). A longer PES cannot carry one at all (our
   *  own encoder's keyframes at high bitrates), so only these say the input lacks PES lengths. */
  pesLengthLeftOut: number;
  /** Units without length whose end was read from their padded last packet. */
  stuffingEnds: number;
  /** Payload that followed a padded packet on its PID: the padding did not end the PES after all,
   *  and the demuxer stops trusting padding on that PID (frame ends then wait for the next unit). */
  stuffingMisses: number;
  /** H.264 access units taken as keyframes from the TS random-access indicator alone: I-frames
   *  that are no IDR (an open GOP: x264's open-gop=1, a recovery point). Segments start on them,
   *  and hls.js cannot start playback on one. */
  nonIdrKeyframes: number;
}

/** Options of the demuxer. */
export interface DemuxOptions {
  /** End a PES without length at its packet padded with adaptation-field stuffing (default true).
   *  false waits for the next PES on the PID, as before (the bench compares both). */
  stuffingEnds?: boolean;
  /** Codecs whose access units carry their elementary stream bytes (`AccessUnit.payload`). None
   *  by default: the MPEG-TS path passes packets through and never needs them, so it pays no copy;
   *  the fMP4 path asks for its tracks' codecs. */
  payloads?: readonly StreamCodec[];
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
  | { type: 'access-unit'; unit: AccessUnit }
  | { type: 'parameter-sets'; pid: number; sets: ParameterSets };
