import { join } from 'node:path';
import type { ReportJson } from '../report-json.js';
import { sourceNote } from '../report-model.js';
import { verdictLines } from './verdict-lines.js';

/** What `llhls report` prints: where the report is, each run's file problems, and the verdict. */
export function reportText(report: ReportJson): string[] {
  const lines = [`report: ${join(report.dir, report.files.html)}`];
  lines.push(
    `  also: ${[
      report.files.summaryMarkdown,
      report.files.json,
      report.files.samplesCsv,
      report.files.summaryCsv,
      report.files.junit,
    ]
      .filter((f) => f !== null)
      .join(', ')}${report.files.png.length > 0 ? `, ${report.files.png.length} PNGs in charts/` : ''}`,
  );
  for (const run of report.runs) {
    lines.push(
      `  ${run.label} (${run.status}${sourceNote(run.summarySource)}): findings ${run.findings.text}`,
    );
    for (const issue of run.issues) lines.push(`    problem in ${issue}`);
  }
  if (report.verdict !== null) lines.push(...verdictLines(report.verdict));
  return lines;
}
