import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDuration } from '../../../../src/cli/duration.js';
import { LlhlsError } from '../../../../src/errors.js';

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

  it('takes a bare number as milliseconds', () => {
    assert.equal(parseDuration('250', '--x'), 250);
    assert.equal(parseDuration(' 0 ', '--x'), 0);
  });

  for (const bad of ['', 'abc', '-5s', '5 parsecs', '1e3', '5sec', 's']) {
    it(`rejects '${bad}' naming the flag`, () => {
      assert.throws(
        () => parseDuration(bad, '--duration'),
        (error: unknown) =>
          error instanceof LlhlsError &&
          error.code === 'LLHLS_INVALID_FLAG' &&
          error.message.includes('--duration') &&
          error.message.includes(`'${bad}'`),
      );
    });
  }
});
