/**
 * NAL unit types the packager cares about, for the two video codecs it packages. The type sits in
 * the first header byte: H.264 `nal_unit_type` is its low 5 bits (one header byte), H.265's is
 * bits 1-6 (two header bytes).
 * @see ITU-T H.264 §7.3.1 and Table 7-1; ITU-T H.265 §7.3.1.2 and Table 7-1
 */
export const VideoCodec = { H264: 'h264', HEVC: 'hevc' } as const;
export type VideoCodec = (typeof VideoCodec)[keyof typeof VideoCodec];

/** H.264: slice of a non-IDR picture, slice data partition A..C, slice of an IDR picture. */
export const H264_NAL = { Slice: 1, IdrSlice: 5, Sps: 7, Pps: 8, Aud: 9 } as const;
/** H.265: VCL NAL units are types 0-31; IRAP pictures 16-23 (BLA, IDR, CRA, reserved IRAP). */
export const HEVC_NAL = {
  IrapFirst: 16,
  IrapLast: 23,
  VclLast: 31,
  Vps: 32,
  Sps: 33,
  Pps: 34,
  Aud: 35,
} as const;

/** nal_unit_type from the first header byte. */
export function nalType(codec: VideoCodec, header: number): number {
  return codec === VideoCodec.H264 ? header & 0x1f : (header >> 1) & 0x3f;
}

/** The NAL unit carries (part of) a coded picture: the scan for a keyframe may stop here. */
export function isSlice(codec: VideoCodec, type: number): boolean {
  return codec === VideoCodec.H264 ? type >= 1 && type <= 5 : type <= HEVC_NAL.VclLast;
}

/** The picture starts decoding afresh: an IDR (H.264) or an IRAP picture (H.265). */
export function isRandomAccess(codec: VideoCodec, type: number): boolean {
  return codec === VideoCodec.H264
    ? type === H264_NAL.IdrSlice
    : type >= HEVC_NAL.IrapFirst && type <= HEVC_NAL.IrapLast;
}

/** An access unit delimiter (H.264 type 9, H.265 type 35). */
export function isAccessUnitDelimiter(codec: VideoCodec, type: number): boolean {
  return type === (codec === VideoCodec.H264 ? H264_NAL.Aud : HEVC_NAL.Aud);
}

/** Which parameter set a NAL unit is, or null. */
export function parameterSetKind(codec: VideoCodec, type: number): 'vps' | 'sps' | 'pps' | null {
  if (codec === VideoCodec.H264) return type === H264_NAL.Sps ? 'sps' : type === H264_NAL.Pps ? 'pps' : null;
  if (type === HEVC_NAL.Vps) return 'vps';
  if (type === HEVC_NAL.Sps) return 'sps';
  return type === HEVC_NAL.Pps ? 'pps' : null;
}
