import { LlhlsError, LlhlsErrorCode } from '../errors.js';
import type { ImpairmentPatch } from './impairment.js';
import { checkImpairment } from './impairment-check.js';

/** One step of a time-varying profile: these impairment fields, for this long. */
export interface ProfileStep {
  durationMs: number;
  impairment: ImpairmentPatch;
}

/**
 * A time-varying impairment: steps in order, each over the base impairment (the flags), then
 * again from the first when `loop`, else the last step stays.
 */
export interface Profile {
  name: string;
  steps: ProfileStep[];
  loop: boolean;
  /** Where it comes from (a built-in's citation, or the file it was read from). */
  source: string;
}

/** Where a profile is `elapsedMs` after it started. */
export interface ProfilePosition {
  /** Index of the step in force. */
  index: number;
  /** Completed passes through the steps (0 in the first). */
  cycle: number;
  /** ms until the next step begins; null when the last step of a profile without loop holds. */
  nextInMs: number | null;
}

/** Total length of one pass through the steps (ms). */
export function profileDurationMs(profile: Profile): number {
  return profile.steps.reduce((sum, step) => sum + step.durationMs, 0);
}

/**
 * The step in force `elapsedMs` after the profile started. Steps are placed by absolute time
 * from the start, so a late timer never makes the schedule drift.
 */
export function profilePosition(profile: Profile, elapsedMs: number): ProfilePosition {
  const total = profileDurationMs(profile);
  const last = profile.steps.length - 1;
  if (!(total > 0)) return { index: 0, cycle: 0, nextInMs: null };
  if (!profile.loop && elapsedMs >= total) return { index: last, cycle: 0, nextInMs: null };
  const cycle = Math.floor(Math.max(0, elapsedMs) / total);
  let offset = Math.max(0, elapsedMs) - cycle * total;
  for (let index = 0; index <= last; index += 1) {
    const duration = (profile.steps[index] as ProfileStep).durationMs;
    if (offset < duration) {
      return { index, cycle, nextInMs: duration - offset };
    }
    offset -= duration;
  }
  return { index: last, cycle, nextInMs: null };
}

/** A profile with its step durations multiplied by `time` and its rates by `rate`. */
export function scaleProfile(profile: Profile, scale: { time?: number; rate?: number }): Profile {
  const time = scale.time ?? 1;
  const rate = scale.rate ?? 1;
  if (time === 1 && rate === 1) return profile;
  const scaleRate = (bits: number | null | undefined): number | null | undefined =>
    bits === null || bits === undefined ? bits : bits * rate;
  return {
    ...profile,
    steps: profile.steps.map((step) => {
      const impairment: ImpairmentPatch = { ...step.impairment };
      const down = scaleRate(step.impairment.downBitsPerSecond);
      const up = scaleRate(step.impairment.upBitsPerSecond);
      if (down !== undefined) impairment.downBitsPerSecond = down;
      if (up !== undefined) impairment.upBitsPerSecond = up;
      return { durationMs: step.durationMs * time, impairment };
    }),
  };
}

/**
 * Refuses a profile with a step that is not a positive, finite duration or whose fields are out
 * of range (checkImpairment), naming the step.
 * @throws LlhlsError `LLHLS_INVALID_FLAG` (exit 2)
 */
export function checkProfile(profile: Profile): void {
  if (profile.steps.length === 0) {
    throw new LlhlsError(LlhlsErrorCode.InvalidFlag, `profile ${profile.name} has no steps`);
  }
  profile.steps.forEach((step, i) => {
    const where = `profile ${profile.name} steps[${i}]`;
    if (!(Number.isFinite(step.durationMs) && step.durationMs > 0)) {
      throw new LlhlsError(
        LlhlsErrorCode.InvalidFlag,
        `${where}.duration must be above 0; received ${step.durationMs}ms`,
      );
    }
    checkImpairment(step.impairment, `${where}.`);
  });
}
