import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  findingMetrics,
  sampleMetrics,
} from '../../../../packages/artillery-engine-llhls/src/artillery-metrics.js';
import { viewerOptions } from '../../../../packages/artillery-engine-llhls/src/viewer-options.js';
import type { Finding, MediaSample, Sample } from '../../../../src/run/types.js';

const part = (t: number, over: Partial<MediaSample> = {}): MediaSample => ({
  type: 'media',
  t,
  client: 'node',
  viewer: 0,
  kind: 'part',
  uri: 'p.ts',
  msn: 1,
  part: 0,
  hinted: false,
  status: 200,
  bytes: 1000,
  timing: { start: t - 20, firstByte: t - 10, end: t },
  duration: 0.1,
  capture: t - 300,
  captureSource: 'timestamps',
  publish: t - 100,
  capture_to_first_byte: 290,
  capture_to_last_byte: 300,
  delivery: 100,
  transfer: 'whole',
  serverTiming: null,
  error: null,
  ...over,
});
const names = (samples: Sample[], warmupEndsAt: number): string[] =>
  samples.flatMap((s) => sampleMetrics(s, warmupEndsAt)).map((m) => `${m.type} ${m.name} ${m.value}`);

describe('sampleMetrics', () => {
  it('gives latency histograms only after the warm-up, as llhls measure counts them; parts always', () => {
    assert.deepEqual(names([part(1000)], 2000), ['counter llhls.parts 1']);
    assert.deepEqual(names([part(2000)], 2000), [
      'histogram llhls.capture_to_first_byte 290',
      'histogram llhls.capture_to_last_byte 300',
      'histogram llhls.delivery 100',
      'histogram llhls.packaging 200',
      'counter llhls.parts 1',
    ]);
  });

  it('counts startup during warm-up, no figure of a failed request, stalls after warm-up', () => {
    const startup: Sample = {
      type: 'event',
      t: 10,
      client: 'node',
      viewer: 0,
      name: 'startup',
      detail: { startupMs: 250 },
    };
    const failed = part(3000, { status: 503, error: 'HTTP 503' });
    const early: Sample = {
      type: 'stall',
      t: 500,
      client: 'node',
      viewer: 0,
      start: 500,
      end: 700,
      durationMs: 200,
    };
    const late: Sample = {
      type: 'stall',
      t: 2500,
      client: 'node',
      viewer: 0,
      start: 2500,
      end: 2620,
      durationMs: 120,
    };
    const open: Sample = {
      type: 'stall',
      t: 2900,
      client: 'node',
      viewer: 0,
      start: 2900,
      end: null,
      durationMs: null,
    };
    const error: Sample = {
      type: 'error',
      t: 10,
      client: 'node',
      viewer: 0,
      code: 'x',
      message: 'x',
      fatal: false,
      uri: null,
    };
    assert.deepEqual(names([startup, failed, early, late, open, error], 2000), [
      'histogram llhls.startup 250',
      'counter llhls.stalls 1',
      'histogram llhls.stall_duration 120',
      'counter llhls.stalls 1',
      'counter llhls.errors 1',
    ]);
  });
});

describe('findingMetrics', () => {
  it('counts each finding by status with its checks and failures, and failing ones in all', () => {
    const finding = (id: string, status: Finding['status'], checked: number, failed: number): Finding => ({
      id,
      title: id,
      status,
      spec: null,
      checked,
      failed,
      examples: [],
    });
    const out = findingMetrics([
      finding('hold-limit', 'pass', 40, 0),
      finding('too-far-ahead', 'fail', 1, 1),
      finding('parts', 'skip', 0, 0),
    ]);
    assert.deepEqual(
      out.map((m) => `${m.name} ${m.value}`),
      [
        'llhls.findings.hold-limit.pass 1',
        'llhls.findings.hold-limit.checked 40',
        'llhls.failed_findings 1',
        'llhls.findings.too-far-ahead.fail 1',
        'llhls.findings.too-far-ahead.checked 1',
        'llhls.findings.too-far-ahead.failed 1',
        'llhls.findings.parts.skip 1',
      ],
    );
  });
});

describe('viewerOptions', () => {
  const target = 'http://127.0.0.1:8080/live.m3u8';
  it('takes the target, the engine defaults, then the scenario, in the one duration grammar', () => {
    assert.deepEqual(viewerOptions(target, { duration: '2m' }, { warmup: '1.5s' }), {
      url: target,
      durationMs: 120_000,
      warmupMs: 1500,
      insecure: false,
    });
    assert.equal(
      viewerOptions(target, {}, { url: 'https://cdn.example/x.m3u8' }).url,
      'https://cdn.example/x.m3u8',
    );
    assert.equal(viewerOptions(target, {}, {}).durationMs, 60_000);
  });

  const refused: Array<[string, unknown, object, RegExp]> = [
    ['no URL', undefined, {}, /needs the playlist URL/],
    ['a URL without scheme', '127.0.0.1/x.m3u8', {}, /needs the playlist URL/],
    [
      'a duration outside the grammar',
      target,
      { duration: '10 minutes' },
      /llhls\.duration expects a duration such as/,
    ],
    [
      'a warm-up as long as the play',
      target,
      { duration: '5s', warmup: '5s' },
      /llhls\.warmup must be shorter/,
    ],
    ['a play under a second', target, { duration: '500ms' }, /at least 1s/],
    ['insecure as text', target, { insecure: 'yes' }, /llhls\.insecure must be true or false/],
  ];
  for (const [what, url, spec, message] of refused) {
    it(`refuses ${what}, naming the field`, () => {
      assert.throws(() => viewerOptions(url, {}, spec), message);
    });
  }
});
