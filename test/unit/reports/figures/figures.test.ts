import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distributions } from '../../../../reports/figures/distributions.js';
import { frameStages, latencyBreakdown, partStages } from '../../../../reports/figures/latency-breakdown.js';
import { latencyOverTime } from '../../../../reports/figures/latency-over-time.js';
import { secondsSince } from '../../../../reports/figures/point.js';
import { runTable } from '../../../../reports/figures/run-table.js';
import { waterfalls } from '../../../../reports/figures/waterfall.js';
import { metricValues } from '../../../../src/metrics/metric-values.js';
import { ClientKind, type Sample } from '../../../../src/run/types.js';
import { fixtureRun } from '../fixture-runs.js';

describe('report figures on recorded runs', () => {
  it('where the latency goes: the three stages of every frame add up to its capture_to_display', async () => {
    const run = await fixtureRun('both-short');
    const frames = run.samples.filter((s) => s.type === 'frame' && s.capture_to_display !== null);
    const { rows, missing } = frameStages(run);
    // Our server publishes every part's capture and publish time: nearly every frame decomposes.
    assert.ok(rows.length >= 0.9 * frames.length, `${rows.length} of ${frames.length} (${missing} missing)`);
    for (const r of rows) {
      const frame = frames.find((f) => f.t === r.t);
      assert.ok(frame !== undefined && frame.type === 'frame');
      assert.ok(Math.abs(r.packaging + r.delivery + (r.buffer ?? 0) - frame.capture_to_display!) < 1e-6);
      assert.ok(r.packaging >= 0, `packaging ${r.packaging}`);
    }
    const parts = partStages(run);
    assert.ok(parts.rows.length > 0 && parts.rows.every((r) => r.buffer !== null || r.buffer === null));
    const breakdown = latencyBreakdown(run);
    assert.deepEqual(
      breakdown.map((b) => [b.client, b.unit]),
      [
        ['node', 'part'],
        ['browser', 'frame'],
      ],
    );
    const browser = breakdown.find((b) => b.client === 'browser')!;
    assert.ok(browser.medians !== null && browser.medians.packaging > 0 && browser.medians.buffer! > 0);
  });

  it('a server without publish times: nothing decomposed, and said so', async () => {
    const run = await fixtureRun('ffmpeg-hls');
    const [node] = latencyBreakdown(run);
    assert.equal(node?.count, 0);
    assert.ok((node?.missing ?? 0) > 0);
    assert.equal(node?.medians, null);
  });

  it('latency over time: every sample with a value, min-max decimated; stalls, seeks and target marked', async () => {
    const run = await fixtureRun('both-short');
    const t = latencyOverTime(run);
    const frames = run.samples.filter((s) => s.type === 'frame' && s.capture_to_display !== null).length;
    assert.equal(
      t.series.find((s) => s.client === 'browser' && s.metric === 'capture_to_display')?.count,
      frames,
    );
    const small = latencyOverTime(run, 20);
    const c2d = small.series.find((s) => s.metric === 'capture_to_display')!;
    assert.ok(c2d.points.length <= 20);
    const max = Math.max(
      ...run.samples.flatMap((s) =>
        metricValues(s)
          .filter((v) => v.metric === 'capture_to_display' && s.client === 'browser')
          .map((v) => v.value),
      ),
    );
    assert.ok(Math.abs(Math.max(...c2d.points.map((p) => p.y)) - max) < 0.1, 'the peak was lost');
    const stall = t.markers.find((m) => m.kind === 'stall');
    assert.ok(stall !== undefined && stall.x2 !== null && stall.x2 > stall.x);
    assert.ok(t.markers.some((m) => m.kind === 'seek'));
    assert.ok(t.targets.some((x) => x.client === 'browser' && x.points.some((p) => p.y === 300)));
    assert.ok(t.warmupEnds.every((w) => w.x >= run.info!.warmupMs / 1000));
  });

  it('latency over time: a target raised mid-run, a playback-rate change and an error are marked where they happened', async () => {
    const run = await fixtureRun('both-short');
    // The browser's own player samples from 6 s on, as hls.js reports them after raising its
    // target by 1 s and speeding up (the story of a 1.2 s run whose headline became 3.17 s).
    const from = run.startedAt + 6_000;
    let raised = 0;
    const samples: Sample[] = run.samples.map((s) => {
      if (s.type !== 'player' || s.client !== 'browser' || s.t < from) return s;
      raised += 1;
      return { ...s, targetLatency: (s.targetLatency ?? 0) + 1, playbackRate: 1.5 };
    });
    assert.ok(raised > 0, 'the fixture has no browser player samples after 6 s');
    const errorAt = run.startedAt + 5_000;
    samples.push({
      type: 'error',
      t: errorAt,
      client: ClientKind.Browser,
      viewer: 0,
      code: 'bufferStalledError',
      message: 'Playback stalling at @8.1 due to low buffer',
      fatal: false,
      uri: null,
    });
    const t = latencyOverTime({ ...run, samples });
    const first = samples.find((s) => s.type === 'player' && s.client === 'browser' && s.t >= from)!;
    const target = t.markers.find((m) => m.kind === 'target');
    assert.equal(target?.x, secondsSince(run.startedAt, first.t));
    assert.match(target?.label ?? '', /^target 0\.3 → 1\.3 s$/);
    const rate = t.markers.find((m) => m.kind === 'rate');
    assert.equal(rate?.x, target?.x);
    assert.equal(rate?.label, 'rate 1 → 1.5');
    assert.deepEqual(
      t.markers.filter((m) => m.kind === 'error').map((m) => [m.x, m.label]),
      [[secondsSince(run.startedAt, errorAt), 'bufferStalledError']],
    );
    // The stepped target line rises there and stays up to the end of the run.
    const line = t.targets.find((x) => x.client === 'browser')!.points;
    assert.deepEqual(
      line.slice(-2).map((p) => p.y),
      [1300, 1300],
    );
  });

  it('distributions share bins across runs; each CDF ends at 1', async () => {
    const runs = [await fixtureRun('both-short'), await fixtureRun('node-viewers')];
    const d = distributions(runs).find((x) => x.metric === 'capture_to_last_byte')!;
    assert.deepEqual(
      d.series.map((s) => `${s.run}/${s.client}`),
      ['both-short/node', 'both-short/browser', 'node-viewers/node'],
    );
    for (const s of d.series) {
      assert.equal(s.cdf.at(-1)?.y, 1);
      assert.equal(s.histogram.length, d.edges.length - 1);
      assert.ok(Math.abs(s.histogram.reduce((a, b) => a + b, 0) - 1) < 0.01);
    }
  });

  it('waterfall: a few seconds of blocking reloads and parts after warm-up, with held time', async () => {
    const run = await fixtureRun('both-short');
    const node = waterfalls(run).find((w) => w.client === 'node')!;
    assert.ok(node.rows.length > 10);
    assert.ok(node.rows.every((r) => r.start >= node.window[0] && r.start < node.window[1]));
    assert.ok(node.rows.some((r) => r.kind === 'blocking playlist' && r.heldMs !== null && r.heldMs > 0));
    assert.ok(node.rows.some((r) => r.kind === 'part' || r.kind === 'hinted part'));
  });

  it('run table: findings counted honestly, stalls split by warm-up and cause', async () => {
    assert.equal(runTable(await fixtureRun('ffmpeg-hls')).findings.text, '4 pass, 9 not applicable');
    assert.equal(runTable(await fixtureRun('misbehaving')).findings.text, '9 pass, 4 fail');
    const run = await fixtureRun('both-short');
    const t = runTable(run);
    const browser = t.stalls.filter((s) => s.client === 'browser');
    const total = run.samples.filter((s) => s.type === 'stall' && s.client === 'browser').length;
    assert.equal(
      browser.reduce((n, s) => n + s.stalls.count, 0),
      total,
    );
    assert.deepEqual(
      browser.find((s) => s.phase === 'after warm-up')?.stalls.count,
      run.summary.clients.find((c) => c.client === 'browser')?.stalls.count,
    );
    assert.ok(t.configuration.some((c) => c.name === 'player' && c.value.startsWith('hls.js')));
  });

  it('a crashed run without summary.json: figures recomputed from the valid samples, problems by line', async () => {
    const run = await fixtureRun('crashed-corrupt');
    assert.equal(run.summarySource, 'recomputed');
    assert.deepEqual(
      run.issues.map((i) => [i.file, i.line]),
      [
        ['summary.json', null],
        ['samples.jsonl', 40],
        ['samples.jsonl', 60],
        ['samples.jsonl', 98],
      ],
    );
    const node = run.summary.clients.find((c) => c.client === 'node');
    assert.ok((node?.metrics.find((m) => m.metric === 'capture_to_last_byte')?.count ?? 0) > 10);
    assert.match(run.summary.warnings[0] ?? '', /summary.json is missing: figures recomputed/);
  });
});
