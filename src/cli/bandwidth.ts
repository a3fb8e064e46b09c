import { LlhlsError, LlhlsErrorCode } from '../errors.js';

/** Bits per second of each unit: decimal, as tc and link speeds count (1 kbit = 1000 bit). */
const UNIT_BITS = { bit: 1, kbit: 1e3, mbit: 1e6, gbit: 1e9 } as const;

const RATE = /^(\d+(?:\.\d+)?|\.\d+)\s*(bit|kbit|mbit|gbit)(?:\/s)?$/i;
/** Units that mean bits to some and bytes to others (tc reads `kbps` as kilobytes/s). */
const AMBIGUOUS = /^(\d+(?:\.\d+)?|\.\d+)\s*([kmg]?bps|[kmg]?b\/s|[kmg]b)$/i;

/** The grammar, in the words every error message uses. */
export const BANDWIDTH_GRAMMAR =
  'a rate such as 2mbit, 500kbit or 1.5gbit (bits per second; 0: nothing passes)';

/** The range of a rate, in the words every error message uses. */
export const BANDWIDTH_RANGE = '0 (nothing passes) or more, e.g. 2mbit, or unlimited';

/**
 * Parses a link rate into bits per second: a number with `bit`, `kbit`, `mbit` or `gbit`
 * (case-insensitive, `/s` optional; decimal units as tc and link speeds use), `0` (the link is
 * down: nothing passes), or `unlimited`.
 *
 * `kbps`, `Mbps`, `MB/s` and the like are refused: tc reads `kbps` as kilobytes per second and
 * most people as kilobits, and a factor of 8 in a network figure is worse than an error.
 *
 * @param value the text the user typed
 * @param where the flag or file key it came from, named in the error message
 * @returns bits per second, or null for `unlimited`
 * @throws LlhlsError `LLHLS_INVALID_FLAG` naming `where`, the grammar and the value received
 */
export function parseBandwidth(value: string, where: string): number | null {
  const text = value.trim();
  if (/^unlimited$/i.test(text)) return null;
  if (/^0+(?:\.0+)?$/.test(text)) return 0;
  if (text.startsWith('-') && RATE.test(text.slice(1).trim())) {
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      `${where} must be ${BANDWIDTH_RANGE}; received '${value}'`,
    );
  }
  const match = RATE.exec(text);
  if (match !== null) {
    const bits = Number(match[1]) * UNIT_BITS[(match[2] as string).toLowerCase() as keyof typeof UNIT_BITS];
    if (bits >= 1) return bits;
  }
  const ambiguous = AMBIGUOUS.exec(text);
  // '2Mbps' → '2mbit': the prefix kept, the unit said in bits.
  const prefix = ambiguous?.[2]?.[0]?.toLowerCase() ?? '';
  const hint =
    ambiguous === null
      ? ''
      : ` ('${ambiguous[2]}' means bits to some and bytes to others: write ${ambiguous[1]}${'kmg'.includes(prefix) && prefix !== '' ? prefix : ''}bit for bits per second)`;
  throw new LlhlsError(
    LlhlsErrorCode.InvalidFlag,
    `${where} expects ${BANDWIDTH_GRAMMAR}; received '${value}'${hint}`,
  );
}

/** Bits per second as the grammar writes them (`2mbit`, `500kbit`, `1.229mbit`, `unlimited`). */
export function formatBandwidth(bitsPerSecond: number | null): string {
  if (bitsPerSecond === null) return 'unlimited';
  if (bitsPerSecond === 0) return '0';
  for (const [unit, size] of [
    ['gbit', 1e9],
    ['mbit', 1e6],
    ['kbit', 1e3],
  ] as const) {
    if (bitsPerSecond >= size) return `${Math.round((bitsPerSecond / size) * 1000) / 1000}${unit}`;
  }
  return `${Math.round(bitsPerSecond)}bit`;
}
