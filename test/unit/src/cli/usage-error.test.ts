import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Errors } from '@oclif/core';
import { isOclifParseError, oneLineUsage } from '../../../../src/cli/usage-error.js';

test("oclif's parse errors become one line naming the help", () => {
  assert.deepEqual(oneLineUsage('Nonexistent flag: --bogus\nSee more help with --help', 'llhls measure'), {
    code: 'LLHLS_USAGE',
    message: 'Nonexistent flag: --bogus (see llhls measure --help)',
  });
  assert.equal(
    oneLineUsage(
      'The following error occurred:\n  Missing required flag url\nSee more help with --help',
      'llhls measure',
    ).message,
    'Missing required flag url (see llhls measure --help)',
  );
  assert.equal(
    oneLineUsage(
      'Parsing --viewers \n\tExpected an integer greater than or equal to 1 but received: 0\nSee more help with --help',
      'llhls measure',
    ).message,
    '--viewers: Expected an integer greater than or equal to 1 but received: 0 (see llhls measure --help)',
  );
  assert.equal(isOclifParseError(new Error('Parsing --viewers \n\tbad')), true);
  assert.equal(isOclifParseError(new Errors.CLIError('runtime')), false);
  assert.equal(isOclifParseError(new Error('ECONNREFUSED')), false);
});

test('an unknown flag close to a known one gets "did you mean"; one far from all gets none', () => {
  const flags = ['url', 'duration', 'warmup', 'client', 'out', 'json'];
  const usage = (message: string): string =>
    oneLineUsage(`${message}\nSee more help with --help`, 'llhls measure', undefined, flags).message;
  assert.equal(
    usage('Nonexistent flag: --duratoin'),
    'Nonexistent flag: --duratoin: did you mean --duration? (see llhls measure --help)',
  );
  assert.equal(
    usage('Nonexistent flag: --warmpu=2'),
    'Nonexistent flag: --warmpu=2: did you mean --warmup? (see llhls measure --help)',
  );
  assert.equal(
    usage('Nonexistent flags: --duratoin, --clint, --bogus'),
    'Nonexistent flags: --duratoin, --clint, --bogus: did you mean --duration for --duratoin, --client for --clint? (see llhls measure --help)',
  );
  // 3 edits from --out, but nobody typing --bogus meant it.
  assert.equal(usage('Nonexistent flag: --bogus'), 'Nonexistent flag: --bogus (see llhls measure --help)');
});
