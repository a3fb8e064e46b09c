import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distribution } from '../../../../src/metrics/percentiles.js';
import { summarize } from '../../../../src/metrics/summarize.js';
import type { Sample } from '../../../../src/run/types.js';
import {
  errorSample,
  eventSample,
  frameSample,
  mediaSample,
  playerSample,
  playlistSample,
  runInfo,
  stallSample,
} from '../run/every-sample.js';

const info = runInfo({ warmupMs: 10_000 });
const T0 = info.startedAt;

describe('summarize', () => {
  it('drops samples before warm-up and computes each metric per client', () => {
    const samples: Sample[] = [];
    // Before warm-up: huge values that must not count.
    for (let i = 0; i < 5; i += 1)
      samples.push(mediaSample(T0 + 1000 + i, { capture_to_last_byte: 9999, viewer: i % 2 }));
    const kept: number[] = [];
    for (let i = 0; i < 40; i += 1) {
      const v = 200 + ((i * 37) % 50);
      kept.push(v);
      samples.push(mediaSample(T0 + 11_000 + i * 100, { capture_to_last_byte: v, viewer: i % 2 }));
    }
    const summary = summarize({ info, samples, outcomes: [], endedAt: T0 + 30_000, status: 'complete' });
    const node = summary.clients.find((c) => c.client === 'node' && c.viewer === null)!;
    const c2lb = node.metrics.find((m) => m.metric === 'capture_to_last_byte')!;
    const { count, min, mean, p50, p90, p95, p99, max } = c2lb;
    assert.deepEqual({ count, min, mean, p50, p90, p95, p99, max }, distribution(kept));
    assert.deepEqual(c2lb.captureSources, ['timestamps']);
    assert.equal(node.warmupEndsAt, T0 + 10_000);
    // Two viewers: a summary each, splitting the samples.
    assert.deepEqual(
      summary.viewers.map((v) => [
        v.viewer,
        v.metrics.find((m) => m.metric === 'capture_to_last_byte')?.count,
      ]),
      [
        [0, 20],
        [1, 20],
      ],
    );
  });

  it('derives packaging, delivery, playlist hold, display, PDT display and player latency in ms', () => {
    const t = T0 + 20_000;
    const samples: Sample[] = [
      mediaSample(t, { capture: t - 300, publish: t - 40, delivery: 40 }),
      playlistSample(t, { playlist_hold: 177 }),
      frameSample(t, { capture_to_display: 420, capture_to_display_pdt: 415 }),
      playerSample(t, { latency: 0.55 }),
      eventSample(T0 + 500, 'startup', { startupMs: 180 }),
    ];
    const summary = summarize({ info, samples, outcomes: [], endedAt: T0 + 30_000, status: 'complete' });
    const p50 = (client: string, metric: string): number | undefined =>
      summary.clients.find((c) => c.client === client)?.metrics.find((m) => m.metric === metric)?.p50;
    assert.equal(p50('node', 'packaging'), 260);
    assert.equal(p50('node', 'delivery'), 40);
    assert.equal(p50('node', 'playlist_hold'), 177);
    assert.equal(p50('browser', 'capture_to_display'), 420);
    assert.equal(p50('browser', 'capture_to_display_pdt'), 415);
    assert.equal(p50('browser', 'player_latency'), 550);
    // Startup happens during warm-up and still counts.
    assert.equal(p50('browser', 'startup'), 180);
    assert.equal(summary.clients.find((c) => c.client === 'browser')?.startupMs, 180);
    const pdt = summary.clients
      .find((c) => c.client === 'browser')
      ?.metrics.find((m) => m.metric === 'capture_to_display_pdt');
    assert.deepEqual(pdt?.captureSources, ['program-date-time']);
  });

  it('leaves failed requests out of the latencies', () => {
    const t = T0 + 20_000;
    const samples = [
      mediaSample(t, { capture_to_last_byte: 100 }),
      mediaSample(t, { capture_to_last_byte: 5000, error: 'ECONNRESET', status: 0 }),
    ];
    const summary = summarize({ info, samples, outcomes: [], endedAt: T0 + 30_000, status: 'complete' });
    assert.equal(summary.clients[0]!.metrics.find((m) => m.metric === 'capture_to_last_byte')?.max, 100);
  });

  it('counts stalls after warm-up, errors over the whole run, and warns', () => {
    const samples: Sample[] = [
      stallSample(T0 + 2000, { durationMs: 700 }),
      stallSample(T0 + 15_000, { durationMs: 300 }),
      frameSample(T0 + 16_000),
      errorSample(T0 + 1000, { client: 'browser' }),
      errorSample(T0 + 20_000, { client: 'browser' }),
    ];
    const summary = summarize({ info, samples, outcomes: [], endedAt: T0 + 30_000, status: 'complete' });
    const browser = summary.clients.find((c) => c.client === 'browser')!;
    assert.deepEqual(browser.stalls, { count: 1, totalMs: 300, longestMs: 300 });
    assert.equal(browser.counters['stallsDuringWarmup'], 1);
    assert.equal(browser.errors, 2);
    assert.ok(summary.warnings.some((w) => w.startsWith('browser: 2 error(s)')));
    assert.ok(
      summary.warnings.some((w) => w.startsWith('browser: 1 stall(s) after warm-up, longest 300 ms')),
    );
  });

  it('says when the browser player stopped on a fatal error (its play ended there), not for the node client', () => {
    const samples: Sample[] = [
      frameSample(T0 + 12_000),
      errorSample(T0 + 1500, { client: 'browser', code: 'shaka:3:3018', fatal: true }),
      errorSample(T0 + 2500, { client: 'browser', code: 'later', fatal: true }),
      errorSample(T0 + 3000, { client: 'node', fatal: true }),
    ];
    const summary = summarize({ info, samples, outcomes: [], endedAt: T0 + 30_000, status: 'complete' });
    const fatal = summary.warnings.filter((w) => w.includes('fatal error'));
    assert.deepEqual(fatal, [
      'browser: the player stopped on a fatal error 1.5 s into the run (shaka:3:3018); nothing was measured after it',
    ]);
  });

  it('warns when a client has no samples after warm-up and when the run was interrupted', () => {
    const samples = [mediaSample(T0 + 2000)];
    const summary = summarize({ info, samples, outcomes: [], endedAt: T0 + 5000, status: 'interrupted' });
    assert.ok(summary.warnings.some((w) => w.startsWith('node: no latency samples after warm-up')));
    assert.ok(summary.warnings.some((w) => w.includes('interrupted')));
    assert.ok(summary.warnings.some((w) => w.startsWith('node: the client did not finish')));
    assert.equal(summary.status, 'interrupted');
  });

  it('carries clock warnings, findings and the clock figures from the run', () => {
    const withWarning = runInfo({ clock: { ...info.clock, warnings: ['clock offset drifted 9.0 ms'] } });
    const finding = {
      id: 'x',
      title: 'X',
      status: 'fail' as const,
      spec: null,
      checked: 2,
      failed: 1,
      examples: ['e'],
    };
    const summary = summarize({
      info: withWarning,
      samples: [],
      outcomes: [{ kind: 'node', findings: [finding], counters: { parts: 7 } }],
      endedAt: T0 + 30_000,
      status: 'complete',
    });
    assert.equal(summary.warnings[0], 'clock offset drifted 9.0 ms');
    assert.deepEqual(summary.findings, [finding]);
    assert.deepEqual(summary.clock, { offsetMs: 1.5, uncertaintyMs: 0.2, method: 'http-time', driftMs: 0.2 });
    assert.equal(summary.clients.find((c) => c.client === 'node')?.counters['parts'], 7);
  });

  it('moves the browser warm-up to the first target-reached', () => {
    const samples: Sample[] = [
      playerSample(T0 + 1000),
      eventSample(T0 + 15_000, 'target-reached'),
      frameSample(T0 + 14_000, { capture_to_display: 3000 }),
      frameSample(T0 + 16_000, { capture_to_display: 500 }),
    ];
    const summary = summarize({ info, samples, outcomes: [], endedAt: T0 + 30_000, status: 'complete' });
    const browser = summary.clients.find((c) => c.client === 'browser')!;
    assert.equal(browser.warmupEndsAt, T0 + 15_000);
    assert.equal(browser.metrics.find((m) => m.metric === 'capture_to_display')?.max, 500);
    assert.equal(summary.warmupEndsAt, T0 + 15_000);
  });

  it('gathered sample by sample, equals the figures recomputed from all samples (random runs)', () => {
    // A deterministic random run: 3 node viewers and a browser whose target comes after the fixed
    // warm-up, stalls and errors everywhere, values before, between and after the warm-up ends.
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const samples: Sample[] = [playerSample(T0 + 500)];
    const reachedAt = T0 + 14_321;
    samples.push(eventSample(reachedAt, 'target-reached'));
    for (let i = 0; i < 3000; i += 1) {
      const t = T0 + random() * 30_000;
      const viewer = Math.floor(random() * 3);
      const v = Math.round(random() * 1_000_000) / 1000;
      const pick = random();
      if (pick < 0.4)
        samples.push(mediaSample(t, { viewer, capture_to_last_byte: v, capture_to_first_byte: v / 2 }));
      else if (pick < 0.7) samples.push(frameSample(t, { capture_to_display: v }));
      else if (pick < 0.8) samples.push(playlistSample(t, { viewer, playlist_hold: v }));
      else if (pick < 0.9)
        samples.push(
          random() < 0.5
            ? stallSample(t, { viewer, durationMs: v, client: 'node' })
            : stallSample(t, { durationMs: v, client: 'browser' }),
        );
      else samples.push(errorSample(t, { viewer }));
    }
    const summary = summarize({ info, samples, outcomes: [], endedAt: T0 + 30_000, status: 'complete' });
    const ends = { node: T0 + 10_000, browser: reachedAt } as const;
    for (const client of ['node', 'browser'] as const) {
      const c = summary.clients.find((x) => x.client === client)!;
      assert.equal(c.warmupEndsAt, ends[client]);
      const after = samples.filter((x) => x.client === client && x.t >= ends[client]);
      const c2lb = after.flatMap((x) =>
        x.type === 'media' && x.error === null ? [x.capture_to_last_byte as number] : [],
      );
      const c2d = after.flatMap((x) => (x.type === 'frame' ? [x.capture_to_display as number] : []));
      const pick = (m: string) => {
        const f = c.metrics.find((x) => x.metric === m);
        return f === undefined
          ? null
          : {
              count: f.count,
              min: f.min,
              mean: f.mean,
              p50: f.p50,
              p90: f.p90,
              p95: f.p95,
              p99: f.p99,
              max: f.max,
            };
      };
      assert.deepEqual(pick('capture_to_last_byte'), distribution(c2lb));
      assert.deepEqual(pick('capture_to_display'), distribution(c2d));
      const stalls = samples.filter((x) => x.type === 'stall' && x.client === client);
      assert.equal(
        c.stalls.count,
        stalls.filter((x) => x.type === 'stall' && x.start >= ends[client]).length,
      );
      assert.equal(
        c.counters['stallsDuringWarmup'],
        stalls.filter((x) => x.type === 'stall' && x.start < ends[client]).length,
      );
      assert.equal(c.errors, samples.filter((x) => x.type === 'error' && x.client === client).length);
    }
    assert.deepEqual(
      summary.viewers.map((v) => [v.client, v.viewer]),
      [
        ['node', 0],
        ['node', 1],
        ['node', 2],
      ],
    );
    for (const v of summary.viewers) {
      const mine = samples.filter((x) => x.client === 'node' && x.viewer === v.viewer && x.t >= T0 + 10_000);
      const hold = mine.flatMap((x) => (x.type === 'playlist' ? [x.playlist_hold as number] : []));
      const f = v.metrics.find((x) => x.metric === 'playlist_hold')!;
      assert.deepEqual(
        [f.count, f.p50, f.max],
        [hold.length, distribution(hold)?.p50, distribution(hold)?.max],
      );
    }
  });
});
