import type { ReportRun } from '../report-run.js';
import type { BootstrapOptions } from '../stats/bootstrap.js';
import type { Assertion } from './assertion.js';
import { compareToBaseline, type RegressionCheck } from './baseline.js';
import { type Check, evaluateAssertion } from './evaluate.js';

export interface VerdictOptions {
  assertions: readonly Assertion[];
  /** --baseline: the run the others are compared with */
  baseline?: ReportRun | undefined;
  /** --max-regression as a fraction (0.1 = 10%) */
  maxRegression?: number;
  bootstrap?: BootstrapOptions;
}

/** The CI verdict over the runs of a report: `ok` false exactly when the command exits 1. */
export interface Verdict {
  ok: boolean;
  checks: Check[];
  regressions: RegressionCheck[];
  /** error-level checks and regressions that failed */
  breaches: number;
  /** warn-level checks that failed (printed, never failing) */
  warnings: number;
  /** how the regression gate decides, in words, when a baseline was given */
  method: string | null;
}

export const DEFAULT_MAX_REGRESSION = 0.1;
const RESAMPLES = 1000;

/**
 * Every assertion against every run, and every run (the baseline excepted) against the
 * baseline. Pure and deterministic.
 */
export function verdict(runs: readonly ReportRun[], options: VerdictOptions): Verdict {
  const checks = runs.flatMap((run) => options.assertions.flatMap((a) => evaluateAssertion(a, run)));
  const regressions: RegressionCheck[] = [];
  const baseline = options.baseline;
  const maxRegression = options.maxRegression ?? DEFAULT_MAX_REGRESSION;
  const bootstrap = { resamples: RESAMPLES, ...options.bootstrap };
  if (baseline !== undefined) {
    for (const run of runs) {
      if (run.dir === baseline.dir) continue;
      regressions.push(...compareToBaseline(run, baseline, maxRegression, bootstrap));
    }
  }
  const breaches =
    checks.filter((c) => !c.ok && c.level === 'error').length + regressions.filter((r) => !r.ok).length;
  return {
    ok: breaches === 0,
    checks,
    regressions,
    breaches,
    warnings: checks.filter((c) => !c.ok && c.level === 'warn').length,
    method:
      baseline === undefined
        ? null
        : `p50 and p95 of each client's headline metric against ${baseline.label}: a regression fails when it exceeds ${Math.round(maxRegression * 1000) / 10}% and the ${Math.round((bootstrap.confidence ?? 0.95) * 100)}% interval of a moving-block bootstrap over the samples (${bootstrap.resamples} resamples, seeded) lies wholly above no change; this interval sees the noise within the two runs, not how differently a player may land from run to run`,
  };
}
