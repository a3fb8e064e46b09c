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
