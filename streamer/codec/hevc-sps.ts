import { RbspReader } from './rbsp-reader.js';

/** The general profile_tier_level of an H.265 SPS: what `hvc1.` strings and hvcC boxes carry. */
export interface HevcProfileTierLevel {
  /** general_profile_space (0 in every profile defined so far). */
  profileSpace: number;
  /** general_tier_flag: false Main tier, true High tier. */
  highTier: boolean;
  /** general_profile_idc (1 Main, 2 Main 10, 3 Main Still Picture, 4 range extensions, ...). */
  profileIdc: number;
  /** The 32 general_profile_compatibility_flag bits as read: flag j is bit 31 - j. */
  compatibilityFlags: number;
  /** The 48 bits from general_progressive_source_flag on, as 6 bytes. */
  constraintFlags: Uint8Array;
  /** general_level_idc: 30 x the level (93 = level 3.1). */
  levelIdc: number;
}

/** The fields of an H.265 sequence parameter set that describe the stream. */
export interface HevcSps extends HevcProfileTierLevel {
  maxSubLayers: number;
  temporalIdNesting: boolean;
  /** 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4. */
  chromaFormatIdc: number;
  bitDepthLuma: number;
  bitDepthChroma: number;
  /** Displayed size: pic_width/height_in_luma_samples minus the conformance window. */
  width: number;
  height: number;
}

/**
 * Parses an H.265 SPS NAL unit (2-byte header included) as far as the bit depths.
 * @returns null when the bytes are not a readable SPS
 * @see ITU-T H.265 §7.3.2.2.1 (seq_parameter_set_rbsp), §7.3.3 (profile_tier_level)
 */
export function parseHevcSps(nal: Uint8Array): HevcSps | null {
  if (nal.length < 15 || ((nal[0]! >> 1) & 0x3f) !== 33) return null;
  try {
    const r = new RbspReader(nal, 2);
    r.skip(4); // sps_video_parameter_set_id
    const maxSubLayersMinus1 = r.u(3);
    const temporalIdNesting = r.flag();
    const ptl = readProfileTierLevel(r, maxSubLayersMinus1);
    r.ue(); // sps_seq_parameter_set_id
    const chromaFormatIdc = r.ue();
    if (chromaFormatIdc === 3) r.skip(1); // separate_colour_plane_flag
    const codedWidth = r.ue();
    const codedHeight = r.ue();
    const window = r.flag() ? [r.ue(), r.ue(), r.ue(), r.ue()] : [0, 0, 0, 0];
    const bitDepthLuma = 8 + r.ue();
    const bitDepthChroma = 8 + r.ue();
    const subWidth = chromaFormatIdc === 1 || chromaFormatIdc === 2 ? 2 : 1;
    const subHeight = chromaFormatIdc === 1 ? 2 : 1;
    return {
      ...ptl,
      maxSubLayers: maxSubLayersMinus1 + 1,
      temporalIdNesting,
      chromaFormatIdc,
      bitDepthLuma,
      bitDepthChroma,
      width: codedWidth - subWidth * (window[0]! + window[1]!),
      height: codedHeight - subHeight * (window[2]! + window[3]!),
    };
  } catch {
    return null;
  }
}

function readProfileTierLevel(r: RbspReader, maxSubLayersMinus1: number): HevcProfileTierLevel {
  const profileSpace = r.u(2);
  const highTier = r.flag();
  const profileIdc = r.u(5);
  const compatibilityFlags = r.u(32);
  const constraintFlags = new Uint8Array(6);
  for (let i = 0; i < 6; i++) constraintFlags[i] = r.u(8);
  const levelIdc = r.u(8);
  // The sub-layers' own profile and level follow; read past them so the caller can go on.
  const profilePresent: boolean[] = [];
  const levelPresent: boolean[] = [];
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    profilePresent.push(r.flag());
    levelPresent.push(r.flag());
  }
  if (maxSubLayersMinus1 > 0) for (let i = maxSubLayersMinus1; i < 8; i++) r.skip(2);
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    if (profilePresent[i]) r.skip(88);
    if (levelPresent[i]) r.skip(8);
  }
  return { profileSpace, highTier, profileIdc, compatibilityFlags, constraintFlags, levelIdc };
}
