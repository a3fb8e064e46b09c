import type { RegressionCheck } from '../verdict/baseline.js';
import type { Check } from '../verdict/evaluate.js';
import type { Verdict } from '../verdict/verdict.js';
import { fmtChange, fmtMs, fmtValue } from './format.js';

/** ✓ pass, ✗ error-level breach, ⚠ warn-level breach. */
export function checkMark(c: { ok: boolean; level?: 'error' | 'warn' }): string {
  if (c.ok) return '✓';
  return c.level === 'warn' ? '⚠' : '✗';
}

export function checkLine(c: Check): string {
  const who = [c.run, c.client].filter((x) => x !== null).join(' ');
  const observed = c.observed === null ? `no value (${c.note})` : fmtValue(c.observed, c.unit);
  return `${checkMark(c)} ${c.assertion}  ${who}: ${observed}, limit ${c.op} ${fmtValue(c.limit, c.unit)}${c.level === 'warn' ? ' (warn)' : ''}`;
}

export function regressionLine(r: RegressionCheck): string {
  if (r.change === null)
    return `${checkMark(r)} ${r.run} ${r.client} ${r.metric} p${r.p} vs ${r.baseline}: ${r.note}`;
  return `${checkMark(r)} ${r.run} ${r.client} ${r.metric} p${r.p} ${fmtMs(r.current)} ms vs ${fmtMs(r.reference)} ms in ${r.baseline}: ${fmtChange(r.change)}${r.low === null || r.high === null ? '' : ` (95% interval ${fmtChange(r.low)} to ${fmtChange(r.high)})`}, tolerance ${fmtChange(r.maxRegression)}: ${r.note}`;
}

/** The verdict as terminal lines: one per check, then the total. */
export function verdictLines(v: Verdict): string[] {
  const lines = [...v.checks.map(checkLine), ...v.regressions.map(regressionLine)];
  if (v.method !== null) lines.push(`  regression gate: ${v.method}`);
  lines.push(
    v.ok
      ? `verdict: pass (${v.checks.length + v.regressions.length} checks${v.warnings > 0 ? `, ${v.warnings} warning(s)` : ''})`
      : `verdict: FAIL (${v.breaches} breach(es)${v.warnings > 0 ? `, ${v.warnings} warning(s)` : ''})`,
  );
  return lines;
}
