import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProgressReporter, ProgressState } from '../../../../src/measure/progress.js';
import { summarize } from '../../../../src/metrics/summarize.js';
import { TARGET_REACHED_EVENT } from '../../../../src/metrics/warmup.js';
import type { Sample } from '../../../../src/run/types.js';
import {
  errorSample,
  eventSample,
  frameSample,
  mediaSample,
  runInfo,
  stallSample,
} from '../run/every-sample.js';

describe('ProgressState', () => {
  it('shows elapsed/total and each client’s latest latency, stalls and errors', () => {
    const state = new ProgressState(['node', 'browser']);
    assert.equal(
      state.line(0, 30_000),
      '00:00/00:30  |  node: no latency yet, stalls 0, errors 0, samples 0  |  browser: no latency yet, stalls 0, errors 0, samples 0',
    );
    state.onSample(mediaSample(1, { capture_to_last_byte: 301.6 }));
    state.onSample(mediaSample(2, { capture_to_last_byte: 280.2 }));
    state.onSample(errorSample(3));
    state.onSample(frameSample(4, { capture_to_display: 455 }));
    state.onSample(stallSample(5));
    assert.equal(
      state.line(12_400, 30_000),
      '00:12/00:30  |  node: capture_to_last_byte 280 ms, stalls 0, errors 1, samples 3  |  browser: capture_to_display 455 ms, stalls 1, errors 0, samples 2',
    );
  });
});

describe('ProgressState stalls, as the summary counts them', () => {
  const info = runInfo({ warmupMs: 10_000 });
  const T0 = info.startedAt;
  const summaryStalls = (samples: Sample[], client: string) => {
    const summary = summarize({ info, samples, outcomes: [], endedAt: T0 + 60_000, status: 'complete' });
    const c = summary.clients.find((x) => x.client === client && x.viewer === null)!;
    return { after: c.stalls.count, during: c.counters['stallsDuringWarmup'] };
  };

  it('counts stalls after the fixed warm-up, with the warm-up’s beside them', () => {
    const state = new ProgressState(['node'], { startedAt: T0, warmupMs: 10_000 });
    const samples = [
      stallSample(T0 + 1000, { client: 'node' }),
      stallSample(T0 + 3000, { client: 'node' }),
      stallSample(T0 + 12_000, { client: 'node' }),
    ];
    for (const s of samples) state.onSample(s);
    assert.match(state.line(13_000, 60_000), /node: no latency yet, stalls 1 \(\+2 in warm-up\), errors 0/);
    assert.equal(state.line(13_000, 60_000, 40), '00:13/01:00 | node - s1+2w e0');
    assert.deepEqual(summaryStalls(samples, 'node'), { after: 1, during: 2 });
  });

  it('moves a browser’s stalls into its warm-up once its player reaches the target later', () => {
    const state = new ProgressState(['browser'], { startedAt: T0, warmupMs: 10_000 });
    const early = [stallSample(T0 + 2000), stallSample(T0 + 11_000), stallSample(T0 + 13_000)];
    for (const s of early) state.onSample(s);
    // No target reached yet: the fixed warm-up is all the live line knows.
    assert.match(state.line(14_000, 60_000), /stalls 2 \(\+1 in warm-up\)/);
    const later = [eventSample(T0 + 12_000, TARGET_REACHED_EVENT), stallSample(T0 + 20_000)];
    for (const s of later) state.onSample(s);
    assert.match(state.line(21_000, 60_000), /stalls 2 \(\+2 in warm-up\)/);
    assert.deepEqual(summaryStalls([...early, ...later], 'browser'), { after: 2, during: 2 });
  });

  it('counts every stall when no warm-up is given', () => {
    const state = new ProgressState(['browser']);
    state.onSample(stallSample(1));
    assert.match(state.line(0, 1000), /stalls 1, errors 0/);
  });
});

describe('ProgressState in a narrow terminal', () => {
  const state = new ProgressState(['node', 'browser']);
  state.onSample(mediaSample(1, { capture_to_last_byte: 280.2 }));
  state.onSample(frameSample(4, { capture_to_display: 455 }));

  it('keeps the long line when it fits, leaving the last column free', () => {
    const long = state.line(12_400, 30_000);
    assert.equal(state.line(12_400, 30_000, long.length + 1), long);
  });

  it('switches to a compact line, then cuts it with an ellipsis, never past the width', () => {
    assert.equal(state.line(12_400, 30_000, 80), '00:12/00:30 | node 280ms s0 e0 | browser 455ms s0 e0');
    for (const width of [60, 40, 20, 12, 2]) {
      const line = state.line(12_400, 30_000, width);
      assert.ok(line.length <= width - 1, `${width}: ${line}`);
    }
    assert.equal(state.line(12_400, 30_000, 30), '00:12/00:30 | node 280ms s0 …');
  });
});

describe('ProgressReporter', () => {
  it('reads the terminal width on every update (it may be resized)', () => {
    const out: string[] = [];
    let columns = 200;
    const reporter = new ProgressReporter({
      sink: { isTTY: true, columns: () => columns, write: (s) => out.push(s) },
      state: new ProgressState(['node', 'browser']),
      now: () => 0,
      totalMs: 10_000,
    });
    reporter.log('wide');
    columns = 30;
    reporter.log('narrow');
    reporter.stop();
    const lines = out.filter((s) => s.startsWith('\r\x1b[2K0')).map((s) => s.slice('\r\x1b[2K'.length));
    assert.ok(lines[0]?.includes('no latency yet'), lines[0]);
    assert.ok(
      lines.slice(1).every((l) => l.length <= 29),
      JSON.stringify(lines),
    );
  });

  it('rewrites one line in place on a terminal, printing log lines above it', () => {
    const out: string[] = [];
    let t = 0;
    const reporter = new ProgressReporter({
      sink: { isTTY: true, write: (s) => out.push(s) },
      state: new ProgressState(['node']),
      now: () => t,
      totalMs: 10_000,
    });
    t = 1000;
    reporter.log('hello');
    reporter.stop();
    assert.equal(out[0], 'hello\n');
    assert.ok(out.slice(1, -1).every((s) => s.startsWith('\r\x1b[2K00:01/00:10')));
    assert.equal(out.at(-1), '\n');
  });

  it('prints plain lines when not a terminal', () => {
    const out: string[] = [];
    const reporter = new ProgressReporter({
      sink: { isTTY: false, write: (s) => out.push(s) },
      state: new ProgressState(['node']),
      now: () => 0,
      totalMs: 10_000,
    });
    reporter.log('x');
    reporter.stop();
    assert.deepEqual(out, ['x\n']);
  });
});
