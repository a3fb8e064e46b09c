import { LlhlsError, LlhlsErrorCode } from '../errors.js';

const PERCENT = /^(\d+(?:\.\d+)?|\.\d+)\s*%$/;

/**
 * Parses a percentage (`1%`, `0.5%`, `100%`) into a fraction (0.01, 0.005, 1). The `%` is
 * required: a bare `1` could mean 1 % or 100 %.
 *
 * @param where the flag or file key it came from, named in the error message
 * @throws LlhlsError `LLHLS_INVALID_FLAG` naming `where` and the value received
 */
export function parsePercentage(value: string, where: string): number {
  const match = PERCENT.exec(value.trim());
  const percent = match === null ? Number.NaN : Number(match[1]);
  if (!(percent >= 0 && percent <= 100)) {
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      `${where} expects a percentage from 0% to 100% such as 1% or 0.5%; received '${value}'`,
    );
  }
  return Math.round(percent * 1e6) / 1e8;
}

/** A fraction as the grammar writes it (`0.01` → `1%`). */
export function formatPercentage(fraction: number): string {
  return `${Math.round(fraction * 1e8) / 1e6}%`;
}
