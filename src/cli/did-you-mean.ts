import { closest, distance } from 'fastest-levenshtein';

/** A suggestion further than this many edits from what was typed is noise, not help. */
export const MAX_SUGGESTION_EDITS = 3;

/**
 * The candidate closest to what was typed (Levenshtein), when it is within
 * MAX_SUGGESTION_EDITS edits and within half the length typed (`bogus` is 3 edits from `out`,
 * which no one meant): `mesure` → `measure`, `duratoin` → `duration`; else undefined. One rule
 * for every "did you mean": commands, flags, and serve flags in compare files.
 */
export function didYouMean(typed: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const guess = closest(typed, [...candidates]);
  const edits = distance(typed, guess);
  return edits <= MAX_SUGGESTION_EDITS && edits <= Math.floor(typed.length / 2) ? guess : undefined;
}
