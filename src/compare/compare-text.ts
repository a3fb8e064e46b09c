import { join } from 'node:path';
import { COMPARISON_NOTE, comparisonMarkdown } from '../../reports/render/comparison-table.js';
import type { CompareResult } from './compare-result.js';

/** What `llhls compare` prints at the end: the table, where everything is, and what failed. */
export function compareText(result: CompareResult): string[] {
  const out: string[] = [];
  if (result.table !== null) out.push(...comparisonMarkdown(result.table), '', COMPARISON_NOTE, '');
  out.push(`comparison: ${join(result.dir, 'compare.json')}`);
  if (result.report !== null) out.push(`report: ${result.report.html}`);
  if (result.reportError !== null) out.push(`report not written: ${result.reportError}`);
  const failed = result.runs.filter((r) => r.status === 'failed').length;
  if (result.status === 'interrupted') out.push(`interrupted by ${result.signal}: what was measured is kept`);
  else if (failed > 0)
    out.push(`${failed} of ${result.runs.length} runs failed (their errors are in the table)`);
  return out;
}
