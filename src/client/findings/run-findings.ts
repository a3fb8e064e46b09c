import type { Finding } from '../../run/types.js';
import type { MediaObservation, PlaylistObservation } from '../observations.js';
import { BlockingReloadCheck } from './blocking-reload.js';
import type { Check } from './finding.js';
import { HintTransferCheck } from './hint-transfer.js';
import { HoldLimitCheck } from './hold-limit.js';
import { MediaSequenceCheck } from './media-sequence.js';
import { PartDurationCheck } from './part-duration.js';
import { PartHoldBackCheck } from './part-hold-back.js';
import { PartMinDurationCheck } from './part-min-duration.js';
import { DistinctParts } from './parts.js';
import { PdtConsistencyCheck } from './pdt-consistency.js';
import { PlaylistUpdatesCheck } from './playlist-updates.js';
import { PreloadHintCheck } from './preload-hint.js';
import { ReloadPacingCheck } from './reload-pacing.js';
import { SkipArithmeticCheck } from './skip-arithmetic.js';
import { StableAttributesCheck } from './stable-attributes.js';
import { TooFarAheadCheck } from './too-far-ahead.js';
import { UriFetchableCheck } from './uri-fetchable.js';

/** Every protocol check, in report order. Each judges what one viewer observed. */
export const CHECKS: ReadonlyArray<() => Check> = [
  () => new BlockingReloadCheck(),
  () => new PreloadHintCheck(),
  () => new PartDurationCheck(),
  () => new PartHoldBackCheck(),
  () => new PdtConsistencyCheck(),
  () => new MediaSequenceCheck(),
  () => new UriFetchableCheck(),
  () => new HoldLimitCheck(),
  () => new StableAttributesCheck(),
  () => new PartMinDurationCheck(),
  () => new SkipArithmeticCheck(),
  () => new TooFarAheadCheck(),
  () => new HintTransferCheck(),
  () => new ReloadPacingCheck(),
  () => new PlaylistUpdatesCheck(),
];

/**
 * Every check, fed one viewer's observations live: memory stays bounded however long the run
 * (nothing is kept but each check's small state). Also collects the distinct parts' listed
 * durations for the client's counters.
 */
export class ProtocolChecks {
  readonly #checks = CHECKS.map((make) => make());
  /** Listed duration (ms) of every distinct part: one number each. */
  readonly #durations: number[] = [];
  readonly #parts = new DistinctParts((seen) => this.#durations.push(seen.part.duration * 1000));
  #findings: Finding[] | null = null;

  playlist(o: PlaylistObservation): void {
    for (const check of this.#checks) check.playlist?.(o);
    if (o.playlist !== null && !o.request.probe) this.#parts.playlist(o.playlist);
  }

  media(m: MediaObservation): void {
    for (const check of this.#checks) check.media?.(m);
  }

  /** The findings (computed once: call at the end). */
  findings(): Finding[] {
    this.#findings ??= this.#checks.map((check) => check.finding());
    return this.#findings;
  }

  /** Listed durations of the distinct parts seen, ms, ascending (call at the end). */
  partDurations(): number[] {
    this.#parts.finish();
    return this.#durations.sort((a, b) => a - b);
  }
}
