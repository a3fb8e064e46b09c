import { RbspReader } from './rbsp-reader.js';

/** The fields of an H.264 sequence parameter set that describe the stream. */
export interface H264Sps {
  /** profile_idc (66 Baseline, 77 Main, 100 High, ...). */
  profileIdc: number;
  /** The byte of constraint_set0..5_flag and reserved_zero_2bits, as in avcC and `avc1.PPCCLL`. */
  constraintFlags: number;
  /** level_idc: 10 x the level (31 = level 3.1). */
  levelIdc: number;
  /** 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4. */
  chromaFormatIdc: number;
  bitDepthLuma: number;
  bitDepthChroma: number;
  /** Displayed size: coded size minus the cropping window. */
  width: number;
  height: number;
}

/** Profiles whose SPS carries chroma_format_idc, bit depths and scaling matrices (7.3.2.1.1). */
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/**
 * Parses an H.264 SPS NAL unit (header byte included) as far as the frame size.
 * @returns null when the bytes are not a readable SPS
 * @see ITU-T H.264 §7.3.2.1.1 (seq_parameter_set_data), §7.4.2.1.1 (frame cropping)
 */
export function parseH264Sps(nal: Uint8Array): H264Sps | null {
  if (nal.length < 4 || (nal[0]! & 0x1f) !== 7) return null;
  try {
    const r = new RbspReader(nal, 1);
    const profileIdc = r.u(8);
    const constraintFlags = r.u(8);
    const levelIdc = r.u(8);
    r.ue(); // seq_parameter_set_id
    let chromaFormatIdc = 1;
    let separateColourPlane = false;
    let bitDepthLuma = 8;
    let bitDepthChroma = 8;
    if (HIGH_PROFILES.has(profileIdc)) {
      chromaFormatIdc = r.ue();
      if (chromaFormatIdc === 3) separateColourPlane = r.flag();
      bitDepthLuma = 8 + r.ue();
      bitDepthChroma = 8 + r.ue();
      r.skip(1); // qpprime_y_zero_transform_bypass_flag
      if (r.flag()) {
        const lists = chromaFormatIdc !== 3 ? 8 : 12;
        for (let i = 0; i < lists; i++) if (r.flag()) skipScalingList(r, i < 6 ? 16 : 64);
      }
    }
    r.ue(); // log2_max_frame_num_minus4
    const pocType = r.ue();
    if (pocType === 0) r.ue();
    else if (pocType === 1) {
      r.skip(1);
      r.se();
      r.se();
      const cycle = r.ue();
      for (let i = 0; i < cycle; i++) r.se();
    }
    r.ue(); // max_num_ref_frames
    r.skip(1); // gaps_in_frame_num_value_allowed_flag
    const widthInMbs = r.ue() + 1;
    const heightInMapUnits = r.ue() + 1;
    const frameMbsOnly = r.flag();
    if (!frameMbsOnly) r.skip(1);
    r.skip(1); // direct_8x8_inference_flag
    const crop = r.flag() ? [r.ue(), r.ue(), r.ue(), r.ue()] : [0, 0, 0, 0];
    const chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
    const subWidth = chromaArrayType === 1 || chromaArrayType === 2 ? 2 : 1;
    const subHeight = chromaArrayType === 1 ? 2 : 1;
    const fieldFactor = frameMbsOnly ? 1 : 2;
    const cropX = chromaArrayType === 0 ? 1 : subWidth;
    const cropY = (chromaArrayType === 0 ? 1 : subHeight) * fieldFactor;
    return {
      profileIdc,
      constraintFlags,
      levelIdc,
      chromaFormatIdc,
      bitDepthLuma,
      bitDepthChroma,
      width: widthInMbs * 16 - cropX * (crop[0]! + crop[1]!),
      height: fieldFactor * heightInMapUnits * 16 - cropY * (crop[2]! + crop[3]!),
    };
  } catch {
    return null;
  }
}

function skipScalingList(r: RbspReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size; j++) {
    if (next !== 0) next = (last + r.se() + 256) % 256;
    last = next === 0 ? last : next;
  }
}
