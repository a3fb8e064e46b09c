import { HEADLINE_METRICS } from '../metrics/headline.js';
import { countFindings, findingCountsText } from '../run/finding-counts.js';
import type { ClientSummary, RunSummary } from '../run/types.js';

function clientLine(c: ClientSummary): string {
  const who = c.viewer === null ? c.client : `${c.client} viewer ${c.viewer}`;
  const parts = [who];
  for (const name of HEADLINE_METRICS) {
    const m = c.metrics.find((x) => x.metric === name);
    if (m === undefined) continue;
    const sources = m.captureSources.length > 0 ? ` [${m.captureSources.join(', ')}]` : '';
    parts.push(
      `${name} p50 ${m.p50.toFixed(0)} ms, p95 ${m.p95.toFixed(0)} ms, max ${m.max.toFixed(0)} ms (n=${m.count})${sources}`,
    );
  }
  const bySeek = c.stalls.seek === undefined ? '' : `, ${c.stalls.seek.count} while the player seeked`;
  parts.push(`stalls ${c.stalls.count} (${Math.round(c.stalls.totalMs)} ms${bySeek})`, `errors ${c.errors}`);
  if (c.startupMs !== null) parts.push(`startup ${Math.round(c.startupMs)} ms`);
  if (c.lowLatency !== undefined) parts.push(c.lowLatency.verdict);
  return parts.join('; ');
}

/** A few human lines for the end of `llhls measure` (the full figures are in summary.json). */
export function summaryText(summary: RunSummary, dir: string): string[] {
  const lines = [`run ${summary.runId} (${summary.status}) written to ${dir}`];
  for (const c of summary.clients) lines.push(`  ${clientLine(c)}`);
  const failed = summary.findings.filter((f) => f.status === 'fail');
  if (summary.findings.length > 0) {
    lines.push(`  findings: ${findingCountsText(countFindings(summary.findings))}`);
    for (const f of failed)
      lines.push(`    FAIL ${f.title} (${f.failed} of ${f.checked})${f.spec === null ? '' : `, ${f.spec}`}`);
  }
  const unc =
    summary.clock.uncertaintyMs === null ? 'not measured' : `± ${summary.clock.uncertaintyMs.toFixed(1)} ms`;
  lines.push(`  clock: offset ${summary.clock.offsetMs.toFixed(1)} ms (${summary.clock.method}, ${unc})`);
  for (const w of summary.warnings) lines.push(`  warning: ${w}`);
  return lines;
}
