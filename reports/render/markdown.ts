import { HEADLINE_METRICS } from '../../src/metrics/headline.js';
import { relativeText } from '../figures/relative.js';
import type { ReportModel } from '../report-model.js';
import { ReportSection } from './chart-spec.js';
import { COMPARISON_NOTE, comparisonMarkdown } from './comparison-table.js';
import { fmtMs } from './format.js';
import { verdictLines } from './verdict-lines.js';

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/**
 * summary.md: the verdict, each client's headline figures and stalls, findings counted honestly,
 * and the warnings, for a CI step summary ($GITHUB_STEP_SUMMARY) or a pull-request comment.
 */
export function summaryMarkdown(model: ReportModel): string {
  const out: string[] = ['## llhls report', ''];
  if (model.verdict !== null) {
    out.push(
      model.verdict.ok ? '**Verdict: pass**' : `**Verdict: FAIL** (${model.verdict.breaches} breach(es))`,
      '',
    );
    out.push('```', ...verdictLines(model.verdict), '```', '');
  }
  if (model.comparison !== null) {
    out.push(
      `### ${ReportSection.Comparison}`,
      '',
      ...comparisonMarkdown(model.comparison),
      '',
      COMPARISON_NOTE,
      '',
    );
    out.push('### Runs', '');
  }
  const rel = model.reference !== null;
  out.push(
    `| run | client | metric | n | p50 | p95 | p99 | max | stalls | ${rel ? `relative (p50 vs ${cell(model.reference!)}) |` : ''}`,
    `| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ${rel ? '---: |' : ''}`,
  );
  for (const t of model.runs) {
    const clients = [...new Set(t.metrics.map((m) => m.client))];
    for (const client of clients) {
      const shown = HEADLINE_METRICS.filter((name) =>
        t.metrics.some((m) => m.client === client && m.metric === name),
      );
      const stalls = t.stalls.find((s) => s.client === client && s.phase === 'after warm-up')?.stalls;
      for (const name of shown.slice(0, 2)) {
        const m = t.metrics.find((x) => x.client === client && x.metric === name)!;
        const r = model.relative.find((c) => c.run === t.run && c.client === client && c.metric === name);
        out.push(
          `| ${cell(t.run)} | ${client} | ${name} | ${m.count} | ${fmtMs(m.p50)} ms | ${fmtMs(m.p95)} ms | ${fmtMs(m.p99)} ms | ${fmtMs(m.max)} ms | ${stalls === undefined ? '–' : `${stalls.count} (${fmtMs(stalls.totalMs)} ms)`} | ${rel ? `${r === undefined ? '–' : relativeText(r)} |` : ''}`,
        );
      }
    }
  }
  out.push('');
  for (const t of model.runs) {
    out.push(`**${cell(t.run)}** (${t.status}): protocol findings ${t.findings.text}.`);
    for (const w of t.warnings) out.push(`- ⚠ ${cell(w)}`);
    for (const i of t.issues) out.push(`- ✗ ${cell(i)}`);
    out.push('');
  }
  out.push(
    `Percentiles: ${model.percentileMethod}. Stalls after warm-up. Full report: report.html (charts as PNG beside it).`,
    '',
  );
  return out.join('\n');
}
