import { type Finding, FindingStatus } from '../../run/types.js';
import type { MediaObservation, Observations, PlaylistObservation } from '../observations.js';

/** Examples kept per finding: enough to act on, small enough to read. */
export const MAX_EXAMPLES = 5;

/** Collects checked/failed counts and the first examples of failures. */
export class Tally {
  checked = 0;
  failed = 0;
  readonly examples: string[] = [];

  check(ok: boolean, example: () => string): void {
    this.checked += 1;
    if (ok) return;
    this.failed += 1;
    if (this.examples.length < MAX_EXAMPLES) this.examples.push(example());
  }
}

/** Builds a Finding: skip when nothing was checked, fail on any failure (or `failAs`), else pass. */
export function toFinding(
  id: string,
  title: string,
  spec: string,
  tally: Tally,
  options: { failAs?: FindingStatus; skipReason?: string } = {},
): Finding {
  let status: FindingStatus = FindingStatus.Pass;
  if (tally.checked === 0) status = FindingStatus.Skip;
  else if (tally.failed > 0) status = options.failAs ?? FindingStatus.Fail;
  const examples =
    status === FindingStatus.Skip && options.skipReason !== undefined ? [options.skipReason] : tally.examples;
  return {
    id,
    title,
    status,
    spec: `RFC 8216bis ${spec}`,
    checked: tally.checked,
    failed: tally.failed,
    examples,
  };
}

export function fmtPos(msn: number | null, part: number | null): string {
  if (msn === null) return '(none)';
  return part === null ? `msn ${msn}` : `msn ${msn} part ${part}`;
}

/**
 * One protocol check, fed what a viewer observes in the order it happens and keeping only
 * bounded state: a run of any length costs the same memory. `finding()` may be called once, at
 * the end.
 */
export interface Check {
  /** A playlist request that ended (answered or failed), including the too-far-ahead probe. */
  playlist?(o: PlaylistObservation): void;
  /** A media request that ended. */
  media?(m: MediaObservation): void;
  finding(): Finding;
}

/** Runs a check over recorded observations: every playlist, then every media request. */
export function runCheck(check: Check, observations: Observations): Finding {
  for (const o of observations.playlists) check.playlist?.(o);
  for (const m of observations.media) check.media?.(m);
  return check.finding();
}
