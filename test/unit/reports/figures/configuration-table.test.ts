/** llhls compare's table per configuration, over recorded runs (test/fixtures/runs). */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  type ConfigurationRunInput,
  clientBytesPerSecond,
  comparisonTable,
} from '../../../../reports/figures/configuration-table.js';
import { comparisonMarkdown } from '../../../../reports/render/comparison-table.js';
import type { ReportRun } from '../../../../reports/report-run.js';
import { fixtureRun } from '../fixture-runs.js';

let viewers: ReportRun;
let both: ReportRun;
let misbehaving: ReportRun;
let ffmpeg: ReportRun;

before(async () => {
  [viewers, both, misbehaving, ffmpeg] = await Promise.all([
    fixtureRun('node-viewers'),
    fixtureRun('both-short'),
    fixtureRun('misbehaving'),
    fixtureRun('ffmpeg-hls'),
  ]);
});

const measured = (
  repeat: number,
  run: ReportRun,
  extra: Partial<ConfigurationRunInput> = {},
): ConfigurationRunInput => ({
  repeat,
  status: 'complete',
  error: null,
  run,
  cpuPercent: null,
  rssBytes: null,
  proxyBytesPerSecond: null,
  ...extra,
});
const failed = (repeat: number, error: string): ConfigurationRunInput => ({
  repeat,
  status: 'failed',
  error,
  run: null,
  cpuPercent: null,
  rssBytes: null,
  proxyBytesPerSecond: null,
});

const p50 = (run: ReportRun, client: string, metric: string | null): number =>
  run.summary.clients.find((c) => c.client === client)!.metrics.find((m) => m.metric === metric)!.p50;

describe('comparison table', () => {
  it('with repeats: the median run and the range, Relative from the ratios of the same round', () => {
    const table = comparisonTable({
      reference: 'a',
      configurations: [
        {
          name: 'a',
          description: 'llhls serve --test-src',
          network: null,
          player: 'shaka',
          runs: [
            measured(1, viewers, { cpuPercent: 20, rssBytes: 2e8 }),
            measured(2, both, { cpuPercent: 30, rssBytes: 3e8 }),
          ],
        },
        {
          name: 'b',
          description: 'a misbehaving origin',
          network: 'latency 40ms',
          player: null,
          runs: [
            measured(1, misbehaving, { proxyBytesPerSecond: 1000 }),
            measured(2, ffmpeg, { proxyBytesPerSecond: 3000 }),
          ],
        },
        {
          name: 'c',
          description: 'sh -c exit 3',
          network: null,
          player: null,
          runs: [failed(1, 'boom'), failed(2, 'boom again')],
        },
        {
          name: 'd',
          description: 'half',
          network: null,
          player: 'hls.js',
          runs: [failed(1, 'once'), measured(2, both)],
        },
      ],
    });
    const [a, b, c, d] = table.rows;
    const nodeA = a!.clients.find((x) => x.client === 'node')!;
    const metric = nodeA.metric;
    assert.ok(metric !== null);
    const aValues = [p50(viewers, 'node', metric), p50(both, 'node', metric)].sort((x, y) => x - y);
    assert.deepEqual(nodeA.p50, { median: aValues[0], min: aValues[0], max: aValues[1], n: 2 });
    assert.deepEqual(nodeA.relative, { ratio: 1, sd: 0, method: 'reference' });
    const ratios = [
      p50(misbehaving, 'node', metric) / p50(viewers, 'node', metric),
      p50(ffmpeg, 'node', metric) / p50(both, 'node', metric),
    ];
    const mean = (ratios[0]! + ratios[1]!) / 2;
    const nodeB = b!.clients.find((x) => x.client === 'node')!;
    assert.equal(nodeB.relative?.method, 'rounds');
    assert.ok(Math.abs(nodeB.relative!.ratio - mean) < 1e-9);
    assert.ok(Math.abs(nodeB.relative!.sd - Math.abs(ratios[0]! - ratios[1]!) / Math.SQRT2) < 1e-9);
    // The browser measured only one round of a: no browser line for b. Its line names its player.
    assert.equal(a!.clients.find((x) => x.client === 'browser')?.player, 'shaka');
    assert.equal(nodeA.player, null);
    assert.ok(!b!.clients.some((x) => x.client === 'browser'));

    assert.deepEqual(a!.cpuPercent, { median: 20, min: 20, max: 30, n: 2 });
    assert.equal(a!.served?.source, 'clients');
    assert.equal(b!.served?.source, 'proxy');
    assert.deepEqual(b!.served?.bytesPerSecond, { median: 1000, min: 1000, max: 3000, n: 2 });
    assert.ok(b!.findings!.failed >= 4);
    assert.deepEqual(b!.findings!.ids, [...b!.findings!.ids].sort());

    assert.equal(c!.status, 'failed');
    assert.deepEqual(c!.errors, ['#1: boom', '#2: boom again']);
    assert.deepEqual(c!.clients, []);
    assert.equal(d!.status, 'partial');
    assert.deepEqual(d!.runs, { complete: 1, total: 2 });

    const lines = comparisonMarkdown(table);
    assert.equal(lines.length, 2 + a!.clients.length + b!.clients.length + 1 + d!.clients.length + 1);
    assert.match(
      lines.find((l) => l.startsWith('| c (failed, 0/2 runs complete) |'))!,
      /#1: boom; #2: boom again/,
    );
    assert.match(lines.find((l) => l.startsWith('| d (partial, 1/2 runs complete)'))!, /node: /);
    assert.ok(
      lines.some((l) => l.includes(' | browser (shaka): capture_to_display | ')),
      lines.join('\n'),
    );
  });

  it('with one run each: Relative ± a bootstrap spread; served from the clients’ bytes', () => {
    const table = comparisonTable({
      reference: 'a',
      configurations: [
        { name: 'a', description: '', network: null, player: 'hls.js', runs: [measured(1, viewers)] },
        { name: 'b', description: '', network: null, player: 'hls.js', runs: [measured(1, misbehaving)] },
      ],
    });
    const rel = table.rows[1]!.clients[0]!.relative!;
    assert.equal(rel.method, 'bootstrap');
    assert.ok(rel.sd >= 0);
    assert.equal(table.rows[0]!.served?.bytesPerSecond.median, clientBytesPerSecond(viewers));
    assert.ok(clientBytesPerSecond(viewers)! > 10_000);
  });
});

describe('comparison table, a reference without the figure', () => {
  it('gives no Relative rather than 1.00 over nothing', async () => {
    const both = await fixtureRun('both-short');
    // The browser played nothing in the reference's run (Chromium too slow to start, say).
    const silent: ReportRun = {
      ...both,
      summary: {
        ...both.summary,
        clients: both.summary.clients.map((c) => (c.client === 'browser' ? { ...c, metrics: [] } : c)),
      },
    };
    const run = (r: ReportRun): ConfigurationRunInput => ({
      repeat: 1,
      status: 'complete',
      error: null,
      run: r,
      cpuPercent: null,
      rssBytes: null,
      proxyBytesPerSecond: null,
    });
    const table = comparisonTable({
      reference: 'a',
      configurations: [
        { name: 'a', description: '', network: null, player: 'hls.js', runs: [run(silent)] },
        { name: 'b', description: '', network: null, player: 'hls.js', runs: [run(both)] },
      ],
    });
    const browser = (row: number) => table.rows[row]!.clients.find((c) => c.client === 'browser')!;
    assert.equal(browser(0).p50, null);
    assert.equal(browser(0).relative, null);
    assert.equal(browser(1).relative, null);
    assert.deepEqual(table.rows[0]!.clients.find((c) => c.client === 'node')!.relative, {
      ratio: 1,
      sd: 0,
      method: 'reference',
    });
  });
});
