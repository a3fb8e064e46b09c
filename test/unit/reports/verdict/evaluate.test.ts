import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runValues } from '../../../../reports/run-values.js';
import { parseAssertion } from '../../../../reports/verdict/assertion.js';
import { evaluateAssertion } from '../../../../reports/verdict/evaluate.js';
import { distribution } from '../../../../src/metrics/percentiles.js';
import { fixtureRun } from '../fixture-runs.js';

describe('the figures assertions see', () => {
  it('are the values summary.json was computed over: every metric of every client agrees', async () => {
    for (const name of ['both-short', 'node-viewers', 'misbehaving', 'ffmpeg-hls']) {
      const run = await fixtureRun(name);
      assert.equal(run.summarySource, 'summary.json');
      for (const c of run.summary.clients) {
        for (const m of c.metrics) {
          const d = distribution(runValues(run, c.client, m.metric));
          const { count, min, mean, p50, p90, p95, p99, max } = m;
          assert.deepEqual(
            d,
            { count, min, mean, p50, p90, p95, p99, max },
            `${name} ${c.client} ${m.metric}`,
          );
        }
      }
    }
  });

  it('p(95) of an assertion is summary.json p95; an unscoped metric is checked on every client that has it', async () => {
    const run = await fixtureRun('both-short');
    const checks = evaluateAssertion(
      parseAssertion('capture_to_last_byte: p(95)<1s', 'error', '--assert'),
      run,
    );
    assert.deepEqual(
      checks.map((c) => [c.client, c.observed, c.ok]),
      run.summary.clients.map((c) => [
        c.client,
        c.metrics.find((m) => m.metric === 'capture_to_last_byte')?.p95,
        true,
      ]),
    );
  });

  it('nothing to measure is a breach: a client that did not run, no samples, no protocol checks', async () => {
    const viewers = await fixtureRun('node-viewers');
    const [browser] = evaluateAssertion(
      parseAssertion('browser.capture_to_display: max<1h', 'error', 'x'),
      viewers,
    );
    assert.deepEqual(
      [browser?.observed, browser?.ok, browser?.note],
      [null, false, 'this client did not run'],
    );
    const [none] = evaluateAssertion(parseAssertion('capture_to_display: count>=0', 'error', 'x'), viewers);
    assert.deepEqual([none?.observed, none?.ok], [null, false]);
    const stalls = evaluateAssertion(parseAssertion('stalls: count==0', 'warn', 'x'), viewers);
    assert.deepEqual(
      stalls.map((c) => [c.client, c.observed, c.ok, c.level]),
      [['node', 0, true, 'warn']],
    );
    const hls = await fixtureRun('ffmpeg-hls');
    const [skipped] = evaluateAssertion(parseAssertion('findings: skipped<=9', 'error', 'x'), hls);
    assert.deepEqual([skipped?.observed, skipped?.ok], [9, true]);
    const [checked] = evaluateAssertion(parseAssertion('findings: checked==13', 'error', 'x'), hls);
    assert.deepEqual([checked?.observed, checked?.ok], [4, false]);
    const bad = await fixtureRun('misbehaving');
    const [failed] = evaluateAssertion(parseAssertion('findings: failed==0', 'error', 'x'), bad);
    assert.deepEqual([failed?.observed, failed?.ok], [4, false]);
  });
});
