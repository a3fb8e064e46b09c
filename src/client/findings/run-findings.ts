import type { Finding } from '../../run/types.js';
import type { Observations } from '../observations.js';
import { checkBlockingReload } from './blocking-reload.js';
import { checkHintTransfer } from './hint-transfer.js';
import { checkHoldLimit } from './hold-limit.js';
import { checkMediaSequence } from './media-sequence.js';
import { checkPartDuration } from './part-duration.js';
import { checkPartHoldBack } from './part-hold-back.js';
import { checkPartMinDuration } from './part-min-duration.js';
import { checkPdtConsistency } from './pdt-consistency.js';
import { checkPreloadHint } from './preload-hint.js';
import { checkSkipArithmetic } from './skip-arithmetic.js';
import { checkStableAttributes } from './stable-attributes.js';
import { checkTooFarAhead } from './too-far-ahead.js';
import { checkUriFetchable } from './uri-fetchable.js';

/** Every protocol check, in report order. Each is a pure function of what one viewer observed. */
export const CHECKS: ReadonlyArray<(observations: Observations) => Finding> = [
  checkBlockingReload,
  checkPreloadHint,
  checkPartDuration,
  checkPartHoldBack,
  checkPdtConsistency,
  checkMediaSequence,
  checkUriFetchable,
  checkHoldLimit,
  checkStableAttributes,
  checkPartMinDuration,
  checkSkipArithmetic,
  checkTooFarAhead,
  checkHintTransfer,
];

export function runFindings(observations: Observations): Finding[] {
  return CHECKS.map((check) => check(observations));
}
