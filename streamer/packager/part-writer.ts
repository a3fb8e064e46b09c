import type { AdtsConfig } from '../codec/adts.js';
import type { ParameterSets } from '../codec/parameter-sets.js';
import type { AccessUnit, ProgramInfo } from '../mpegts/types.js';
import type { Container } from './container.js';

/** What a part holds until it is written: a run of TS packets (a private copy) or an access unit. */
export type PartItem = Uint8Array | AccessUnit;

/** What the streams carried so far that a container header describes. */
export interface StreamConfig {
  /** The cut stream's parameter sets (video), as last carried. */
  sets: ParameterSets | null;
  /** The audio stream's ADTS configuration, as last carried. */
  audio: AdtsConfig | null;
}

/** A part's bytes once it is complete. */
export interface WrittenPart {
  bytes: Uint8Array;
  /** The bytes not yet handed out as hint data (`add` returned the others), or null. */
  tail: Uint8Array | null;
}

/**
 * Writes parts in one container. The packager decides where parts begin and end and which
 * demuxed items go into which part (the cut rule sees only frames); a writer only turns the items
 * of one part into bytes. Items arrive in stream order: `packets` and `unit` say what to keep of
 * each demuxer event, the packager holds those items until the next frame's decision, then
 * commits them with `add`. Pure: no I/O, no clock.
 */
export interface PartWriter {
  readonly container: Container;
  /** The program changed: the stream the packager cuts on and the program's first AAC stream
   *  (the cut one for audio-only programs), -1 for none. */
  program(program: ProgramInfo, cutPid: number, audioPid: number): void;
  /** A run of demuxed packets: what to keep of it, or null. */
  packets(data: Uint8Array): PartItem | null;
  /** A complete access unit (any PID): what to keep of it, or null. */
  unit(unit: AccessUnit): PartItem | null;
  /** A part begins. Returns the bytes it opens with, final at once (TS: PAT+PMT), or null. */
  begin(): Uint8Array | null;
  /** Commits an item to the open part; returns bytes that became final (hint data), or null. */
  add(item: PartItem): Uint8Array | null;
  /** Completes the open part. `frameTicks`: the frame interval the packager knows (90 kHz), the
   *  duration of a last frame whose successor has not arrived; `config` as in startTimeline. */
  finish(sequence: number, frameTicks: number, config: StreamConfig): WrittenPart;
  /** Drops the open part unwritten (its timeline ended before anything of it could be
   *  published); returns the bytes it held (dropped-bytes statistics). */
  discard(): number;
  /** Bytes an item holds (dropped-bytes statistics). */
  size(item: PartItem): number;
  /** A timeline starts at this keyframe of the cut stream (`config`: the streams' configuration
   *  as last carried); false: it cannot start yet (fMP4 needs the cut stream's configuration for
   *  its init segment), the keyframe is dropped. */
  startTimeline(keyframe: AccessUnit, config: StreamConfig): boolean;
  /** This keyframe carries a configuration the current init segment does not describe: the
   *  timeline must break before it (a new init segment needs EXT-X-DISCONTINUITY, 4.4.4.3). */
  configChanged(keyframe: AccessUnit, config: StreamConfig): boolean;
  /** The init segment the parts from now on need, when it changed since the last call, else
   *  null (always null for MPEG-TS, which has none). */
  takeInit(): Uint8Array | null;
}
