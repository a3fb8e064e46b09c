import { LlhlsError, LlhlsErrorCode } from '../errors.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

const DURATION = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h)?$/;

/**
 * Parses a human duration into milliseconds: `'5ms'` → 5, `'0.5s'` → 500, `'30s'` → 30000,
 * `'2m'` → 120000, `'1h'` → 3600000. A bare number (`'250'`) is milliseconds, matching how the
 * tool reports every latency. Fractions of a millisecond are kept (`'0.5ms'` → 0.5).
 *
 * @param value the text the user typed
 * @param flag the flag it came from (e.g. `'--duration'`), named in the error message
 * @throws LlhlsError `LLHLS_INVALID_FLAG` on anything else (negative, empty, unknown unit)
 */
export function parseDuration(value: string, flag: string): number {
  const match = DURATION.exec(value.trim());
  if (match === null) {
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      `${flag} expects a duration such as 250ms, 0.5s, 30s, 2m or 1h (a bare number is milliseconds); received '${value}'`,
    );
  }
  const unit = (match[2] ?? 'ms') as keyof typeof UNIT_MS;
  // Round away float noise ('0.1s' * 1000 = 100.00000000000001) without losing sub-ms input.
  return Math.round(Number(match[1]) * UNIT_MS[unit] * 1000) / 1000;
}
