import { BoxWriter } from './box-writer.js';
import {
  TFHD_DEFAULT_BASE_IS_MOOF,
  TRUN_COMPOSITION,
  TRUN_DATA_OFFSET,
  TRUN_DURATION,
  TRUN_FLAGS,
  TRUN_SIZE,
} from './fragment-flags.js';

/**
 * sample_flags of a trun entry (ISO/IEC 14496-12 §8.8.3.1): a sync sample depends on no other
 * (sample_depends_on 2); any other video sample depends on others (1) and is a non-sync sample.
 */
export const SampleFlags = { Sync: 0x02000000, NonSync: 0x01010000 } as const;

export interface FragmentSample {
  /** In the track's timescale. */
  duration: number;
  size: number;
  flags: number;
  /** PTS - DTS in the track's timescale (>= 0). */
  compositionOffset: number;
}

/** One track's run of samples in a fragment. */
export interface TrackRun {
  trackId: number;
  /** Decode time of the first sample, in the track's timescale (tfdt). */
  baseMediaDecodeTime: number;
  samples: readonly FragmentSample[];
  /** The samples' bytes, in order (their sizes sum to the samples' sizes). */
  data: readonly Uint8Array[];
}

/**
 * One movie fragment: a `moof` (mfhd with the sequence number; per track a traf with tfhd,
 * tfdt v1 and a trun listing every sample's duration, size, flags and composition offset) and
 * the `mdat` holding the samples, track after track. An LL-HLS part is one of these; a segment is
 * its parts one after another.
 * @see ISO/IEC 14496-12 §8.8.4-8.8.12 (moof, mfhd, traf, tfhd, trun), §8.8.12 (tfdt)
 * @see ISO/IEC 23000-19 (CMAF) §7.3.2.3 (CMAF chunk: moof + mdat)
 */
export function mediaFragment(sequenceNumber: number, runs: readonly TrackRun[]): Uint8Array {
  let dataSize = 0;
  for (const run of runs) for (const chunk of run.data) dataSize += chunk.length;
  const w = new BoxWriter(256 + runs.reduce((n, r) => n + 16 * r.samples.length, 0) + dataSize);
  w.open('moof');
  w.open('mfhd', { version: 0, flags: 0 }).u32(sequenceNumber).close();
  const offsets: number[] = [];
  for (const run of runs) {
    const composition = run.samples.some((s) => s.compositionOffset !== 0) ? TRUN_COMPOSITION : 0;
    w.open('traf');
    w.open('tfhd', { version: 0, flags: TFHD_DEFAULT_BASE_IS_MOOF }).u32(run.trackId).close();
    w.open('tfdt', { version: 1, flags: 0 }).u64(run.baseMediaDecodeTime).close();
    w.open('trun', {
      version: 0,
      flags: TRUN_DATA_OFFSET | TRUN_DURATION | TRUN_SIZE | TRUN_FLAGS | composition,
    });
    w.u32(run.samples.length);
    offsets.push(w.position);
    w.u32(0); // data_offset, patched below
    for (const s of run.samples) {
      w.u32(s.duration).u32(s.size).u32(s.flags);
      if (composition !== 0) w.u32(Math.max(0, s.compositionOffset));
    }
    w.close(); // trun
    w.close(); // traf
  }
  w.close(); // moof
  const moofSize = w.position;
  w.u32(8 + dataSize).ascii('mdat');
  let data = moofSize + 8;
  runs.forEach((run, i) => {
    w.patchU32(offsets[i]!, data);
    for (const chunk of run.data) {
      w.bytes(chunk);
      data += chunk.length;
    }
  });
  return w.finish();
}
