import type { H264Sps } from './h264-sps.js';
import type { HevcProfileTierLevel } from './hevc-sps.js';

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/**
 * The RFC 6381 `CODECS` value of an H.264 stream: `avc1.PPCCLL`, profile_idc, the constraint
 * flags byte and level_idc as two hex digits each (e.g. `avc1.64001f`, High 3.1).
 * @see https://datatracker.ietf.org/doc/html/rfc6381#section-3.3
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.6.2
 */
export function avcCodecsString(sps: Pick<H264Sps, 'profileIdc' | 'constraintFlags' | 'levelIdc'>): string {
  return `avc1.${hex2(sps.profileIdc)}${hex2(sps.constraintFlags)}${hex2(sps.levelIdc)}`;
}

/**
 * The RFC 6381 `CODECS` value of an H.265 stream (ISO/IEC 14496-15 Annex E): the sample entry
 * (`hvc1` when parameter sets live in the sample entry, as CMAF and Apple require; `hev1` when
 * they may also be in band), the profile space letter (none for 0) and general_profile_idc, the
 * 32 compatibility flags in reverse bit order as hex, `L`/`H` for the tier and general_level_idc,
 * then the 6 constraint bytes in hex with trailing zero bytes left out: `hvc1.1.6.L93.B0`.
 */
export function hevcCodecsString(ptl: HevcProfileTierLevel, sampleEntry: 'hvc1' | 'hev1' = 'hvc1'): string {
  const space = ['', 'A', 'B', 'C'][ptl.profileSpace] ?? '';
  let reversed = 0;
  for (let bit = 0; bit < 32; bit++) if ((ptl.compatibilityFlags >>> bit) & 1) reversed |= 1 << (31 - bit);
  const parts = [
    sampleEntry,
    `${space}${ptl.profileIdc}`,
    (reversed >>> 0).toString(16).toUpperCase(),
    `${ptl.highTier ? 'H' : 'L'}${ptl.levelIdc}`,
  ];
  let last = ptl.constraintFlags.length;
  while (last > 0 && ptl.constraintFlags[last - 1] === 0) last--;
  for (let i = 0; i < last; i++) parts.push(ptl.constraintFlags[i]!.toString(16).toUpperCase());
  return parts.join('.');
}

/**
 * The RFC 6381 `CODECS` value of MPEG-4 audio: `mp4a.40.` and the Audio Object Type in decimal
 * (`mp4a.40.2`, AAC LC), 0x40 being the MPEG-4 audio objectTypeIndication.
 * @see https://datatracker.ietf.org/doc/html/rfc6381#section-3.3
 */
export function aacCodecsString(objectType: number): string {
  return `mp4a.40.${objectType}`;
}
