import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { latencyOverTime } from '../../../reports/figures/latency-over-time.js';
import { runTable } from '../../../reports/figures/run-table.js';
import { loadRuns } from '../../../reports/load-runs.js';
import { buildReportModel } from '../../../reports/report-model.js';
import { parseAssertion } from '../../../reports/verdict/assertion.js';
import { compareToBaseline } from '../../../reports/verdict/baseline.js';
import { evaluateAssertion } from '../../../reports/verdict/evaluate.js';
import { RUNS_DIR } from './fixture-runs.js';

/** Recorded by a real artillery run (test/fixtures/artillery/README.md). */
const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'artillery', 'viewers-6.json');
const raw = JSON.parse(readFileSync(FIXTURE, 'utf8')) as {
  aggregate: { counters: Record<string, number>; summaries: Record<string, Record<string, number>> };
  intermediate: Array<{ summaries: Record<string, Record<string, number>> }>;
};
const check = async (text: string) => {
  const [run] = await loadRuns([FIXTURE]);
  return evaluateAssertion(parseAssertion(text, 'error', '--assert'), run!);
};

describe('llhls report of Artillery output', () => {
  it("asserts on Artillery's percentiles and says so; one it does not keep is a breach with the reason", async () => {
    const [p95] = await check('delivery: p(95)<1s');
    assert.equal(p95!.observed, raw.aggregate.summaries['llhls.delivery']!['p95']);
    assert.match(p95!.note ?? '', /^Artillery's figure over \d+ values$/);
    const [p75] = await check('delivery: p(75)<1s');
    assert.equal(p75!.observed, raw.aggregate.summaries['llhls.delivery']!['p75']);
    const [avg] = await check('playlist_hold: avg<1s');
    assert.equal(avg!.observed, raw.aggregate.summaries['llhls.playlist_hold']!['mean']);
    const [p97] = await check('delivery: p(97)<1s');
    assert.deepEqual([p97!.observed, p97!.ok], [null, false]);
    assert.match(
      p97!.note ?? '',
      /Artillery keeps p\(50\), p\(75\), p\(90\), p\(95\), p\(99\), p\(99.9\) only/,
    );
    const [missing] = await check('capture_to_display: p(50)<1s');
    assert.deepEqual([missing!.observed, missing!.note], [null, 'no values in the Artillery output']);
    const [stalls] = await check('stalls: count==0');
    assert.equal(stalls!.observed, raw.aggregate.counters['llhls.stalls']);
    const [findings] = await check('findings: failed==0');
    assert.deepEqual([findings!.observed, findings!.ok], [2, false]);
  });

  it("draws Artillery's p50 and p99 of each period over time, and tables its figures", async () => {
    const [run] = await loadRuns([FIXTURE]);
    const t = latencyOverTime(run!);
    const periods = raw.intermediate.filter(
      (p) => (p.summaries['llhls.capture_to_last_byte']?.['count'] ?? 0) > 0,
    );
    assert.deepEqual(
      t.series.map((s) => [s.metric, s.statistic, s.points.map((p) => p.y)]),
      (['p50', 'p99'] as const).map((stat) => [
        'capture_to_last_byte',
        stat,
        periods.map((p) => Math.round(p.summaries['llhls.capture_to_last_byte']![stat]! * 10) / 10),
      ]),
    );
    const table = runTable(run!);
    assert.equal(table.summarySource, 'artillery');
    assert.deepEqual(
      table.stalls.map((r) => [r.phase, r.stalls.count]),
      [['after warm-up', raw.aggregate.counters['llhls.stalls']]],
    );
  });

  it('sits beside a run directory in one report, the percentile method naming whose figures are whose', async () => {
    const runs = await loadRuns([join(RUNS_DIR, 'node-viewers'), FIXTURE]);
    assert.deepEqual(
      runs.map((r) => r.summarySource),
      ['summary.json', 'artillery'],
    );
    const model = buildReportModel(runs);
    assert.match(
      model.percentileMethod,
      /^nearest rank.*except viewers-6 \(Artillery output\): figures are Artillery's own/,
    );
  });

  it("gates against a baseline on Artillery's own p50 and p95, the tolerance alone deciding (no samples, no interval)", async () => {
    const [baseline] = await loadRuns([FIXTURE]);
    const summaries = raw.aggregate.summaries['llhls.capture_to_last_byte']!;
    // The same output with capture_to_last_byte 20% worse at p50 and 5% worse at p95.
    const worse = structuredClone(baseline!);
    const s = worse.artillery!.aggregate.summaries['llhls.capture_to_last_byte']!;
    s.p50 = summaries['p50']! * 1.2;
    s.p95 = summaries['p95']! * 1.05;
    const checks = compareToBaseline({ ...worse, label: 'worse' }, baseline!, 0.1);
    assert.deepEqual(
      checks.map((c) => [c.client, c.metric, c.p, c.ok, c.low, c.high]),
      [
        ['node', 'capture_to_last_byte', 50, false, null, null],
        ['node', 'capture_to_last_byte', 95, true, null, null],
      ],
    );
    assert.ok(Math.abs(checks[0]!.change! - 0.2) < 1e-9);
    assert.match(checks[0]!.note, /^regression \(Artillery keeps summaries, not samples/);
    // A run directory against Artillery output: its own nearest-rank figure against Artillery's.
    const [dir] = await loadRuns([join(RUNS_DIR, 'node-viewers')]);
    const mixed = compareToBaseline(dir!, baseline!, 0.1);
    assert.equal(mixed.length, 2);
    assert.equal(mixed[0]!.reference, summaries['p50']);
    assert.ok(mixed.every((c) => c.current !== null && c.current > 0));
  });
});
