import { STREAM_TYPE_ADTS_AAC, STREAM_TYPE_H264, STREAM_TYPE_HEVC } from './psi.js';

/** PMT stream_type values llhls recognises, to name them in a refusal (ISO/IEC 13818-1 Table
 *  2-34, plus the ATSC/SMPTE ones FFmpeg writes). */
const KNOWN: Record<number, { name: string; kind: 'video' | 'audio' }> = {
  1: { name: 'MPEG-1 video', kind: 'video' },
  2: { name: 'MPEG-2 video', kind: 'video' },
  3: { name: 'MPEG-1 audio', kind: 'audio' },
  4: { name: 'MPEG-2 audio', kind: 'audio' },
  [STREAM_TYPE_ADTS_AAC]: { name: 'AAC (ADTS)', kind: 'audio' },
  16: { name: 'MPEG-4 part 2 video', kind: 'video' },
  17: { name: 'AAC (LATM)', kind: 'audio' },
  [STREAM_TYPE_H264]: { name: 'H.264', kind: 'video' },
  28: { name: 'MPEG-4 audio', kind: 'audio' },
  32: { name: 'H.264 MVC', kind: 'video' },
  [STREAM_TYPE_HEVC]: { name: 'H.265', kind: 'video' },
  51: { name: 'H.266', kind: 'video' },
  66: { name: 'AVS video', kind: 'video' },
  129: { name: 'AC-3', kind: 'audio' },
  135: { name: 'E-AC-3', kind: 'audio' },
  209: { name: 'Dirac video', kind: 'video' },
  210: { name: 'AVS2 video', kind: 'video' },
  234: { name: 'VC-1', kind: 'video' },
};

/** `H.265 (stream_type 0x24)`, or `stream_type 0x06` for a type llhls does not know. */
export function streamTypeName(streamType: number): string {
  const hex = `0x${streamType.toString(16).padStart(2, '0')}`;
  const known = KNOWN[streamType];
  return known === undefined ? `stream_type ${hex}` : `${known.name} (stream_type ${hex})`;
}

/** Whether a stream_type is video, audio, or something else (data, subtitles, private). */
export function streamKind(streamType: number): 'video' | 'audio' | 'other' {
  return KNOWN[streamType]?.kind ?? 'other';
}
