import type { H264Sps } from '../codec/h264-sps.js';
import type { HevcSps } from '../codec/hevc-sps.js';
import { HEVC_NAL } from '../codec/nal-types.js';
import type { ParameterSets } from '../codec/parameter-sets.js';
import { BoxWriter } from './box-writer.js';

/** NAL units are prefixed by 4-byte lengths in our samples (lengthSizeMinusOne = 3). */
const LENGTH_SIZE_MINUS_ONE = 3;

/** Profiles whose avcC carries chroma format and bit depths (14496-15 §5.3.3.1.2). */
const AVCC_HIGH_PROFILES = new Set([100, 110, 122, 144]);

/**
 * The AVCDecoderConfigurationRecord (the payload of an `avcC` box) of an H.264 stream: profile,
 * compatibility and level bytes straight from the first SPS, then every SPS and PPS as carried.
 * @see ISO/IEC 14496-15 §5.3.3.1 (AVCDecoderConfigurationRecord)
 */
export function avcDecoderConfig(sets: ParameterSets, sps: H264Sps): Uint8Array {
  const first = sets.sps[0]!;
  const w = new BoxWriter(64 + size(sets.sps) + size(sets.pps));
  w.u8(1).u8(first[1]!).u8(first[2]!).u8(first[3]!);
  w.u8(0xfc | LENGTH_SIZE_MINUS_ONE);
  w.u8(0xe0 | Math.min(sets.sps.length, 31));
  for (const nal of sets.sps.slice(0, 31)) w.u16(nal.length).bytes(nal);
  w.u8(Math.min(sets.pps.length, 255));
  for (const nal of sets.pps.slice(0, 255)) w.u16(nal.length).bytes(nal);
  if (AVCC_HIGH_PROFILES.has(sps.profileIdc)) {
    w.u8(0xfc | sps.chromaFormatIdc);
    w.u8(0xf8 | (sps.bitDepthLuma - 8));
    w.u8(0xf8 | (sps.bitDepthChroma - 8));
    w.u8(0); // numOfSequenceParameterSetExt
  }
  return w.finish();
}

/**
 * The HEVCDecoderConfigurationRecord (the payload of an `hvcC` box) of an H.265 stream: the
 * general profile, tier and level from the SPS as read, chroma format and bit depths, then one
 * array each of VPS, SPS and PPS, complete (no other parameter sets come in band: `hvc1`).
 * min_spatial_segmentation_idc, parallelismType and avgFrameRate are 0 ("unknown"), as FFmpeg
 * writes them for streams it did not encode.
 * @see ISO/IEC 14496-15 §8.3.3.1 (HEVCDecoderConfigurationRecord)
 */
export function hevcDecoderConfig(sets: ParameterSets, sps: HevcSps): Uint8Array {
  const w = new BoxWriter(64 + size(sets.vps) + size(sets.sps) + size(sets.pps));
  w.u8(1);
  w.u8((sps.profileSpace << 6) | (sps.highTier ? 0x20 : 0) | sps.profileIdc);
  w.u32(sps.compatibilityFlags);
  w.bytes(sps.constraintFlags);
  w.u8(sps.levelIdc);
  w.u16(0xf000); // reserved '1111', min_spatial_segmentation_idc 0
  w.u8(0xfc); // reserved '111111', parallelismType 0
  w.u8(0xfc | sps.chromaFormatIdc);
  w.u8(0xf8 | (sps.bitDepthLuma - 8));
  w.u8(0xf8 | (sps.bitDepthChroma - 8));
  w.u16(0); // avgFrameRate
  // constantFrameRate 0, numTemporalLayers, temporalIdNested, lengthSizeMinusOne
  w.u8((sps.maxSubLayers << 3) | (sps.temporalIdNesting ? 0x04 : 0) | LENGTH_SIZE_MINUS_ONE);
  const arrays: Array<[number, Uint8Array[]]> = [
    [HEVC_NAL.Vps, sets.vps],
    [HEVC_NAL.Sps, sets.sps],
    [HEVC_NAL.Pps, sets.pps],
  ];
  const present = arrays.filter(([, nals]) => nals.length > 0);
  w.u8(present.length);
  for (const [type, nals] of present) {
    w.u8(0x80 | type); // array_completeness 1: every set of this type is here
    w.u16(nals.length);
    for (const nal of nals) w.u16(nal.length).bytes(nal);
  }
  return w.finish();
}

function size(nals: readonly Uint8Array[]): number {
  let total = 0;
  for (const nal of nals) total += 2 + nal.length;
  return total;
}
