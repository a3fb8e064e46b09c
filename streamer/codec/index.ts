export { avcCodecsString, hevcCodecsString } from './codecs-string.js';
export { describeVideo, type VideoDescription } from './describe-video.js';
export { type H264Sps, parseH264Sps } from './h264-sps.js';
export { type HevcProfileTierLevel, type HevcSps, parseHevcSps } from './hevc-sps.js';
export {
  H264_NAL,
  HEVC_NAL,
  isRandomAccess,
  isSlice,
  nalType,
  parameterSetKind,
  VideoCodec,
} from './nal-types.js';
export { emptyParameterSets, type ParameterSets, sameParameterSets } from './parameter-sets.js';
export { RbspReader, unescapeRbsp } from './rbsp-reader.js';
