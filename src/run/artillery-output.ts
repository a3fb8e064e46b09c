import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LlhlsError, LlhlsErrorCode } from '../errors.js';

/** One of Artillery's summaries of a histogram (its own estimate, merged across workers). */
export interface ArtillerySummary {
  min: number;
  max: number;
  count: number;
  mean: number;
  p50: number;
  p75: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
}

/** The percentiles an Artillery summary holds, by p. */
export const ARTILLERY_PERCENTILES: ReadonlyMap<number, keyof ArtillerySummary> = new Map([
  [50, 'p50'],
  [75, 'p75'],
  [90, 'p90'],
  [95, 'p95'],
  [99, 'p99'],
  [99.9, 'p999'],
]);

/** The aggregate or one intermediate period of `artillery run --output FILE`. */
export interface ArtilleryPeriod {
  /** The period's start (epoch ms); for the aggregate, the first metric's instant. */
  at: number;
  firstMetricAt: number | null;
  lastMetricAt: number | null;
  counters: Record<string, number>;
  summaries: Record<string, ArtillerySummary>;
}

export interface ArtilleryOutput {
  /** Absolute path of the JSON file. */
  file: string;
  aggregate: ArtilleryPeriod;
  /** In time order. */
  intermediate: ArtilleryPeriod[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Whether a parsed JSON value has the shape of Artillery's `--output` (aggregate + intermediate). */
export function isArtilleryOutput(value: unknown): boolean {
  return isRecord(value) && isRecord(value['aggregate']) && Array.isArray(value['intermediate']);
}

function period(value: unknown, where: string): ArtilleryPeriod {
  if (!isRecord(value)) throw new Error(`${where} is not an object`);
  const counters: Record<string, number> = {};
  for (const [name, v] of Object.entries(isRecord(value['counters']) ? value['counters'] : {})) {
    const n = num(v);
    if (n !== null) counters[name] = n;
  }
  const summaries: Record<string, ArtillerySummary> = {};
  for (const [name, v] of Object.entries(isRecord(value['summaries']) ? value['summaries'] : {})) {
    if (!isRecord(v)) continue;
    const fields = ['min', 'max', 'count', 'mean', 'p50', 'p75', 'p90', 'p95', 'p99', 'p999'] as const;
    const s = Object.fromEntries(fields.map((f) => [f, num(v[f])]));
    if (fields.some((f) => s[f] === null)) throw new Error(`${where}.summaries.${name} lacks a number`);
    summaries[name] = s as unknown as ArtillerySummary;
  }
  const firstMetricAt = num(value['firstMetricAt']);
  const at = num(Number(value['period'])) ?? firstMetricAt;
  if (at === null) throw new Error(`${where} has neither period nor firstMetricAt`);
  return { at, firstMetricAt, lastMetricAt: num(value['lastMetricAt']), counters, summaries };
}

/**
 * Reads the JSON file `artillery run --output FILE` writes (Artillery 2: `aggregate` and
 * `intermediate[]` periods with `counters` and `summaries`). Only its numbers are kept: Artillery
 * computed the percentiles, from values llhls never sees.
 * @throws LlhlsError `LLHLS_RUN_FILE` naming the file and what is wrong with it
 */
export async function readArtilleryOutput(path: string): Promise<ArtilleryOutput> {
  const file = resolve(path);
  const fail = (why: string): LlhlsError =>
    new LlhlsError(
      LlhlsErrorCode.RunFile,
      `${path} ${why}: pass a run directory of llhls measure or the JSON of artillery run --output`,
    );
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw fail(`cannot be read as JSON (${(error as Error).message})`);
  }
  if (!isArtilleryOutput(value)) throw fail('is not Artillery output (no aggregate and intermediate)');
  const v = value as { aggregate: unknown; intermediate: unknown[] };
  try {
    const intermediate = v.intermediate.map((p, i) => period(p, `intermediate[${i}]`));
    intermediate.sort((a, b) => a.at - b.at);
    return { file, aggregate: period(v.aggregate, 'aggregate'), intermediate };
  } catch (error) {
    throw fail(`is not valid Artillery output: ${(error as Error).message}`);
  }
}
