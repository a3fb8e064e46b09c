import { LlhlsError, LlhlsErrorCode } from '../errors.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** One number with an optional unit; several with units make a compound (`1m30s`). */
const TERM = /(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)?/gy;

/** The longest duration any flag takes: Node's timers hold at most 2^31 - 1 ms (~24.8 days). */
export const MAX_DURATION_MS = 2 ** 31 - 1;

/** The grammar, in the words every error message uses. */
export const DURATION_GRAMMAR = 'a duration such as 30, 250ms, 1.5s, 2m or 1m30s (a bare number is seconds)';

export interface DurationBounds {
  /** Smallest accepted value in ms (inclusive); default 0. */
  minMs?: number;
  /** Largest accepted value in ms (inclusive); default MAX_DURATION_MS. */
  maxMs?: number;
}

/**
 * Parses a duration into milliseconds. The one grammar of the whole CLI: a bare number is
 * seconds (`'15'` → 15000, as HLS counts time), units `ms`, `s`, `m`, `h` may be given and
 * combined largest first (`'250ms'` → 250, `'1.5s'` → 1500, `'2m'` → 120000, `'1m30s'` → 90000).
 * Fractions of a millisecond are kept (`'0.5ms'` → 0.5).
 *
 * @param value the text the user typed
 * @param flag the flag it came from (e.g. `'--duration'`), named in the error message
 * @param bounds the accepted range (default 0 to MAX_DURATION_MS)
 * @throws LlhlsError `LLHLS_INVALID_FLAG` on anything else (negative, empty, unknown unit, out
 *   of range), naming the flag, the grammar and the value received
 */
export function parseDuration(value: string, flag: string, bounds: DurationBounds = {}): number {
  const text = value.trim();
  const min = bounds.minMs ?? 0;
  const max = Math.min(bounds.maxMs ?? MAX_DURATION_MS, MAX_DURATION_MS);
  const outOfRange = (ms: number): LlhlsError =>
    new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      `${flag} must be ${rangeText(min, max, ms)}; received '${value}'`,
    );
  const ms = parseTerms(text);
  if (ms === null) {
    // A negative duration is in the grammar but not in range: say the range.
    const negative = text.startsWith('-') ? parseTerms(text.slice(1).trim()) : null;
    if (negative !== null) throw outOfRange(-negative);
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      `${flag} expects ${DURATION_GRAMMAR}; received '${value}'`,
    );
  }
  if (ms < min || ms > max) throw outOfRange(ms);
  return ms;
}

/** The accepted range in an error message's words (`0ms to 10m`, `at least 1s`). */
function rangeText(min: number, max: number, ms: number): string {
  if (max !== MAX_DURATION_MS) return `${formatDuration(min)} to ${formatDuration(max)}`;
  return ms > max
    ? `at most ${formatDuration(Math.floor(max / 3_600_000) * 3_600_000)} (about 24.8 days, the longest timer Node.js holds)`
    : `at least ${formatDuration(min)}`;
}

/** Milliseconds from the text, or null when it is not in the grammar. */
function parseTerms(text: string): number | null {
  if (text === '') return null;
  TERM.lastIndex = 0;
  let total = 0;
  let terms = 0;
  let lastUnitMs = Number.POSITIVE_INFINITY;
  while (TERM.lastIndex < text.length) {
    const match = TERM.exec(text);
    if (match === null) return null;
    const unit = match[2] as keyof typeof UNIT_MS | undefined;
    terms += 1;
    if (unit === undefined) {
      // A bare number is seconds, and only on its own (`1m30` is not a duration).
      if (terms > 1 || TERM.lastIndex < text.length) return null;
      total = Number(match[1]) * 1000;
      break;
    }
    // Compound terms go largest unit first, each unit once (`1m30s`, not `30s1m` or `1s1s`).
    if (UNIT_MS[unit] >= lastUnitMs) return null;
    lastUnitMs = UNIT_MS[unit];
    total += Number(match[1]) * UNIT_MS[unit];
  }
  // Round away float noise ('0.1s' * 1000 = 100.00000000000001) without losing sub-ms input.
  return Math.round(total * 1000) / 1000;
}

/** A duration in ms as the grammar writes it (`250ms`, `1.5s`, `2m`, `1m30s`). */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000 || ms % 1000 !== 0) return `${Math.round(ms) / 1000}s`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${s > 0 ? `${s}s` : ''}`;
}
