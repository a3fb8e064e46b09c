import type { VideoCodec } from './nal-types.js';

/**
 * The parameter sets of a video stream as it carries them: whole NAL units (header included,
 * emulation prevention bytes kept), in stream order. This is what an avcC/hvcC box or an
 * out-of-band description is built from; `parseSps` reads the fields.
 */
export interface ParameterSets {
  codec: VideoCodec;
  /** H.265 video parameter sets; always empty for H.264. */
  vps: Uint8Array[];
  sps: Uint8Array[];
  pps: Uint8Array[];
}

export function emptyParameterSets(codec: VideoCodec): ParameterSets {
  return { codec, vps: [], sps: [], pps: [] };
}

/** Same codec and byte-identical NAL units in the same order. */
export function sameParameterSets(a: ParameterSets, b: ParameterSets | undefined): boolean {
  if (b === undefined || a.codec !== b.codec) return false;
  return sameList(a.vps, b.vps) && sameList(a.sps, b.sps) && sameList(a.pps, b.pps);
}

function sameList(a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.length !== y.length) return false;
    for (let j = 0; j < x.length; j++) if (x[j] !== y[j]) return false;
  }
  return true;
}
