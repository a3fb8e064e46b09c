import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProgressReporter, ProgressState } from '../../../../src/measure/progress.js';
import { errorSample, frameSample, mediaSample, stallSample } from '../run/every-sample.js';

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

describe('ProgressReporter', () => {
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
