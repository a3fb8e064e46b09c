import { parseDuration } from '../../src/cli/duration.js';
import { LlhlsError, LlhlsErrorCode } from '../../src/errors.js';
import { ClientKind, MetricName } from '../../src/run/types.js';

export const AssertionLevel = { Error: 'error', Warn: 'warn' } as const;
export type AssertionLevel = (typeof AssertionLevel)[keyof typeof AssertionLevel];

/** What an assertion looks at besides latency metrics. */
export const Counted = { Stalls: 'stalls', Errors: 'errors', Findings: 'findings' } as const;
export type Counted = (typeof Counted)[keyof typeof Counted];

export type Aggregation =
  | { kind: 'percentile'; p: number }
  | { kind: 'avg' | 'min' | 'max' | 'count' }
  | { kind: 'total' | 'longest' }
  | { kind: 'failed' | 'passed' | 'warned' | 'skipped' | 'checked' };

export const Comparison = ['<=', '>=', '==', '!=', '<', '>'] as const;
export type Comparison = (typeof Comparison)[number];

/** One parsed assertion, k6's threshold syntax: `[client.]subject: aggregation op limit`. */
export interface Assertion {
  /** as written */
  text: string;
  level: AssertionLevel;
  /** null: every client of the run that has the subject */
  client: ClientKind | null;
  subject: MetricName | Counted;
  aggregation: Aggregation;
  op: Comparison;
  /** ms for time aggregations, else a count */
  limit: number;
  unit: 'ms' | 'count';
}

const METRICS = new Set<string>(Object.values(MetricName));
const CLIENTS = new Set<string>(Object.values(ClientKind));
const LATENCY_AGGREGATIONS = 'p(N), med, avg, min, max or count';
const ALLOWED: Record<Counted, string[]> = {
  stalls: ['count', 'total', 'longest'],
  errors: ['count'],
  findings: ['failed', 'passed', 'warned', 'skipped', 'checked'],
};
const TIMED = new Set(['percentile', 'avg', 'min', 'max', 'total', 'longest']);

const SHAPE = /^\s*(?:(\w+)\.)?(\w+)\s*:\s*(p\(\s*[\d.]+\s*\)|[a-z]+)\s*(<=|>=|===|==|!=|<|>)\s*(\S+)\s*$/;

/**
 * Parses one assertion in the syntax load testers know from k6: `capture_to_display: p(95)<500ms`,
 * `browser.stalls: count==0`, `findings: failed==0`. Latency limits need a unit (`500ms`, `0.5s`):
 * k6 reads a bare 500 as milliseconds and the rest of llhls reads it as seconds, so a bare
 * number is refused rather than guessed.
 *
 * @param text the assertion as written
 * @param where the flag or config key it came from, named in errors (`--assert`)
 * @throws LlhlsError `LLHLS_INVALID_FLAG` naming what is wrong and what would be right
 */
export function parseAssertion(text: string, level: AssertionLevel, where: string): Assertion {
  const bad = (why: string): LlhlsError =>
    new LlhlsError(LlhlsErrorCode.InvalidFlag, `${where} '${text}': ${why}`);
  const m = SHAPE.exec(text);
  if (m === null) {
    throw bad(
      "expected '[client.]metric: aggregation op limit', e.g. 'capture_to_display: p(95)<500ms' or 'browser.stalls: count==0'",
    );
  }
  const [, clientText, subjectText, aggText, opText, limitText] = m as unknown as [
    string,
    string | undefined,
    string,
    string,
    string,
    string,
  ];
  if (clientText !== undefined && !CLIENTS.has(clientText))
    throw bad(`unknown client '${clientText}': node or browser`);
  const client = (clientText ?? null) as ClientKind | null;
  const counted = Object.values(Counted) as string[];
  if (!METRICS.has(subjectText) && !counted.includes(subjectText)) {
    throw bad(
      `unknown metric '${subjectText}': one of ${[...METRICS].join(', ')}, or stalls, errors, findings`,
    );
  }
  const subject = subjectText as MetricName | Counted;
  if (subject === Counted.Findings && client !== null)
    throw bad('findings belong to the run: drop the client prefix');

  let aggregation: Aggregation;
  const pm = /^p\(\s*([\d.]+)\s*\)$/.exec(aggText);
  if (METRICS.has(subject)) {
    if (pm !== null) {
      const p = Number(pm[1]);
      if (!(p > 0 && p <= 100)) throw bad(`p(${pm[1]}): the percentile must be above 0 and at most 100`);
      aggregation = { kind: 'percentile', p };
    } else if (aggText === 'med') aggregation = { kind: 'percentile', p: 50 };
    else if (['avg', 'min', 'max', 'count'].includes(aggText))
      aggregation = { kind: aggText as 'avg' | 'min' | 'max' | 'count' };
    else throw bad(`'${aggText}' is not an aggregation of ${subject}: ${LATENCY_AGGREGATIONS}`);
  } else {
    const allowed = ALLOWED[subject as Counted];
    if (!allowed.includes(aggText))
      throw bad(`'${aggText}' is not an aggregation of ${subject}: ${allowed.join(', ')}`);
    aggregation = { kind: aggText } as Aggregation;
  }

  const timed = TIMED.has(aggregation.kind);
  let limit: number;
  if (timed) {
    if (/^[\d.]+$/.test(limitText)) throw bad(`give the limit a unit: ${limitText}ms or ${limitText}s`);
    limit = parseDuration(limitText, `${where} '${text}'`);
  } else {
    if (!/^\d+$/.test(limitText))
      throw bad(`${aggregation.kind} is a count: the limit is a whole number, got '${limitText}'`);
    limit = Number(limitText);
  }
  return {
    text: text.trim(),
    level,
    client,
    subject,
    aggregation,
    op: (opText === '===' ? '==' : opText) as Comparison,
    limit,
    unit: timed ? 'ms' : 'count',
  };
}

/** `value op limit` */
export function compare(value: number, op: Comparison, limit: number): boolean {
  switch (op) {
    case '<':
      return value < limit;
    case '<=':
      return value <= limit;
    case '>':
      return value > limit;
    case '>=':
      return value >= limit;
    case '==':
      return value === limit;
    case '!=':
      return value !== limit;
  }
}
