import { join } from 'node:path';
import { RunFiles } from '../../src/run/run-files.js';
import { writeJsonAtomic } from '../../src/run/run-writer.js';
import type { RunSummary, SummaryBreach } from '../../src/run/types.js';
import { loadRuns } from '../load-runs.js';
import { checkLine, regressionLine } from '../render/verdict-lines.js';
import type { ReportRun } from '../report-run.js';
import { type Verdict, verdict } from './verdict.js';
import type { VerdictInputs } from './verdict-inputs.js';

/** A verdict's failed checks in summary.json's words. */
export function summaryBreaches(v: Verdict): SummaryBreach[] {
  return [
    ...v.checks
      .filter((c) => !c.ok)
      .map((c) => ({
        kind: 'assertion' as const,
        level: c.level,
        client: c.client,
        observed: c.observed,
        limit: c.limit,
        message: checkLine(c),
      })),
    ...v.regressions
      .filter((r) => !r.ok)
      .map((r) => ({
        kind: 'regression' as const,
        level: 'error' as const,
        client: r.client,
        observed: r.current,
        limit: r.reference,
        message: regressionLine(r),
      })),
  ];
}

/**
 * `llhls measure --assert ...`: reads the run just written back through src/run (the same path
 * `llhls report` takes, so both give the same verdict), checks it, and records `assertions`,
 * `ok` and `breaches` in its summary.json. Returns the verdict and the summary as written.
 */
export async function applyRunVerdict(
  dir: string,
  inputs: VerdictInputs,
): Promise<{ verdict: Verdict; summary: RunSummary }> {
  const [run] = (await loadRuns([dir])) as [ReportRun];
  const baseline = inputs.baseline === undefined ? undefined : (await loadRuns([inputs.baseline]))[0];
  const v = verdict([run], {
    assertions: inputs.assertions,
    baseline,
    ...(inputs.maxRegression === undefined ? {} : { maxRegression: inputs.maxRegression }),
  });
  const summary: RunSummary = {
    ...run.summary,
    assertions: inputs.assertions.map((a) => a.text),
    ok: v.ok,
    breaches: summaryBreaches(v),
  };
  await writeJsonAtomic(join(dir, RunFiles.Summary), summary);
  return { verdict: v, summary };
}
