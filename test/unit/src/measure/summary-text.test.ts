import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summaryText } from '../../../../src/measure/summary-text.js';
import { summarize } from '../../../../src/metrics/summarize.js';
import type { Sample } from '../../../../src/run/types.js';
import { frameSample, runInfo, stallSample } from '../run/every-sample.js';

const info = runInfo({ warmupMs: 1000 });
const T0 = info.startedAt;

test("the closing lines give the headline latency and say how many stalls the player's seeks caused", () => {
  const samples: Sample[] = [];
  for (let i = 0; i < 30; i += 1)
    samples.push(frameSample(T0 + 2000 + i * 33, { capture_to_display: 300 + i }));
  samples.push(stallSample(T0 + 3000, { durationMs: 40, cause: 'seek' }));
  samples.push(stallSample(T0 + 4000, { durationMs: 200, cause: 'underrun' }));
  const summary = summarize({ info, samples, outcomes: [], endedAt: T0 + 10_000, status: 'complete' });
  const lines = summaryText(summary, '/tmp/run');
  const browser = lines.find((l) => l.trim().startsWith('browser'));
  assert.ok(browser !== undefined, lines.join('\n'));
  assert.match(browser, /capture_to_display p50 314 ms/);
  assert.match(browser, /stalls 2 \(240 ms, 1 while the player seeked\)/);
});

test('findings are counted honestly: checks with nothing to look at are not applicable, not passes', () => {
  const summary = summarize({ info, samples: [], outcomes: [], endedAt: T0 + 10_000, status: 'complete' });
  const finding = (id: string, status: 'pass' | 'skip' | 'fail') => ({
    id,
    title: id,
    status,
    spec: 'RFC 8216bis 6.2.5.2',
    checked: status === 'skip' ? 0 : 5,
    failed: status === 'fail' ? 2 : 0,
    examples: [],
  });
  summary.findings = [finding('a', 'pass'), finding('b', 'skip'), finding('c', 'skip'), finding('d', 'fail')];
  const lines = summaryText(summary, '/tmp/run');
  assert.ok(lines.includes('  findings: 1 pass, 1 fail, 2 not applicable'), lines.join('\n'));
  assert.ok(lines.some((l) => l.includes('FAIL d (2 of 5), RFC 8216bis 6.2.5.2')));
});
