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
