import { streamKind, streamTypeName } from '../mpegts/stream-types.js';
import { type ElementaryStream, type ProgramInfo, StreamCodec } from '../mpegts/types.js';

/** Which PID the packager cuts on, or why it cannot package the program at all. */
export type PackagingChoice =
  | {
      ok: true;
      cut: ElementaryStream;
      /** The program's first ADTS AAC stream (the cut stream itself for audio-only programs). */
      audio: ElementaryStream | null;
    }
  | { ok: false; reason: string };

const WHAT_WE_PACKAGE = 'llhls packages H.264 (0x1b) or H.265 (0x24) video and ADTS AAC (0x0f) audio';

/**
 * Chooses the cut stream of a program: its first H.264 or H.265 video, else (audio only) its first
 * ADTS AAC. A program with video llhls cannot cut on keyframes (MPEG-2, VC-1, ...) is refused:
 * cutting it on anything else would make undecodable segments. Streams llhls does not know (data,
 * subtitles, private) pass through untouched.
 */
export function choosePackaging(program: ProgramInfo): PackagingChoice {
  const video = program.streams.filter((s) => streamKind(s.streamType) === 'video');
  const unsupported = video.find((s) => s.codec !== StreamCodec.H264 && s.codec !== StreamCodec.HEVC);
  if (unsupported !== undefined) {
    return {
      ok: false,
      reason: `${streamTypeName(unsupported.streamType)} on PID ${unsupported.pid} cannot be packaged: ${WHAT_WE_PACKAGE} (re-encode, e.g. ffmpeg ... -c:v libx264 -f mpegts -)`,
    };
  }
  const audio = program.streams.find((s) => s.codec === StreamCodec.AAC) ?? null;
  const cut = video[0] ?? audio;
  if (cut !== null) return { ok: true, cut, audio };
  const found = program.streams.map((s) => streamTypeName(s.streamType)).join(', ') || 'no streams';
  return { ok: false, reason: `the program has ${found}: nothing to package; ${WHAT_WE_PACKAGE}` };
}
