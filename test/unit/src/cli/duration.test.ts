import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDuration, MAX_DURATION_MS, parseDuration } from '../../../../src/cli/duration.js';
import { LlhlsError } from '../../../../src/errors.js';

const rejects = (value: string, flag: string, bounds?: Parameters<typeof parseDuration>[2]) =>
  assert.throws(
    () => parseDuration(value, flag, bounds),
    (error: unknown) =>
      error instanceof LlhlsError &&
      error.code === 'LLHLS_INVALID_FLAG' &&
      error.message.includes(flag) &&
      error.message.includes(`'${value}'`),
  );

describe('parseDuration', () => {
  it('reads every unit into milliseconds', () => {
    assert.equal(parseDuration('5ms', '--x'), 5);
    assert.equal(parseDuration('0.5s', '--x'), 500);
    assert.equal(parseDuration('30s', '--x'), 30_000);
    assert.equal(parseDuration('2m', '--x'), 120_000);
    assert.equal(parseDuration('1h', '--x'), 3_600_000);
    assert.equal(parseDuration('0.1s', '--x'), 100);
    assert.equal(parseDuration('0.25ms', '--x'), 0.25);
  });

  it('takes a bare number as seconds, everywhere in the CLI', () => {
    assert.equal(parseDuration('15', '--x'), 15_000);
    assert.equal(parseDuration('0.1', '--x'), 100);
    assert.equal(parseDuration('.5', '--x'), 500);
    assert.equal(parseDuration(' 0 ', '--x'), 0);
  });

  it('reads compounds, largest unit first', () => {
    assert.equal(parseDuration('1m30s', '--x'), 90_000);
    assert.equal(parseDuration('1h2m3s', '--x'), 3_723_000);
    assert.equal(parseDuration('1s250ms', '--x'), 1250);
  });

  for (const bad of [
    '',
    'abc',
    '-5s',
    '5 parsecs',
    '1e3',
    '5sec',
    's',
    '1m30',
    '30s1m',
    '1s1s',
    '1 m',
    'NaN',
  ]) {
    it(`rejects '${bad}' naming the flag`, () => rejects(bad, '--duration'));
  }

  it('says what the grammar is', () => {
    assert.throws(() => parseDuration('2x', '--segment-duration'), /a bare number is seconds/);
  });

  it('refuses what no timer can hold, and values out of the given bounds', () => {
    assert.equal(parseDuration(`${MAX_DURATION_MS}ms`, '--x'), MAX_DURATION_MS);
    rejects('99999999999999999999', '--duration');
    rejects('30d', '--duration');
    rejects('1ms', '--part-duration', { minMs: 10 });
    rejects('2h', '--duration', { maxMs: 3_600_000 });
    assert.throws(() => parseDuration('1ms', '--part-duration', { minMs: 10 }), /at least 10ms/);
    assert.throws(
      () => parseDuration('99999999999999999999', '--duration'),
      /^LlhlsError: --duration must be at most 596h \(about 24.8 days/,
    );
  });
});

describe('formatDuration', () => {
  it('writes the grammar back', () => {
    assert.equal(formatDuration(250), '250ms');
    assert.equal(formatDuration(1500), '1.5s');
    assert.equal(formatDuration(120_000), '2m');
    assert.equal(formatDuration(90_000), '1m30s');
    assert.equal(formatDuration(3_723_000), '1h2m3s');
    for (const ms of [250, 1500, 120_000, 90_000, 3_723_000])
      assert.equal(parseDuration(formatDuration(ms), '--x'), ms);
  });
});
