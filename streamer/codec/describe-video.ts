import { avcCodecsString, hevcCodecsString } from './codecs-string.js';
import { type H264Sps, parseH264Sps } from './h264-sps.js';
import { type HevcSps, parseHevcSps } from './hevc-sps.js';
import { VideoCodec } from './nal-types.js';
import type { ParameterSets } from './parameter-sets.js';

/** What a video stream's parameter sets say about it. */
export type VideoDescription =
  | { codec: typeof VideoCodec.H264; codecs: string; width: number; height: number; sps: H264Sps }
  | { codec: typeof VideoCodec.HEVC; codecs: string; width: number; height: number; sps: HevcSps };

/**
 * Describes a stream from its first SPS: codec family, RFC 6381 `CODECS` string, size.
 * @returns null when there is no SPS yet or it cannot be read
 */
export function describeVideo(sets: ParameterSets): VideoDescription | null {
  const nal = sets.sps[0];
  if (nal === undefined) return null;
  if (sets.codec === VideoCodec.H264) {
    const sps = parseH264Sps(nal);
    return sps === null
      ? null
      : { codec: VideoCodec.H264, codecs: avcCodecsString(sps), width: sps.width, height: sps.height, sps };
  }
  const sps = parseHevcSps(nal);
  return sps === null
    ? null
    : { codec: VideoCodec.HEVC, codecs: hevcCodecsString(sps), width: sps.width, height: sps.height, sps };
}
