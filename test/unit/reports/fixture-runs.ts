import { join } from 'node:path';
import { loadRuns } from '../../../reports/load-runs.js';
import type { ReportRun } from '../../../reports/report-run.js';

/** Runs recorded with llhls serve + llhls measure (test/fixtures/runs/README.md). */
export const RUNS_DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'runs');

export async function fixtureRun(name: string): Promise<ReportRun> {
  const [run] = await loadRuns([join(RUNS_DIR, name)]);
  return run!;
}
