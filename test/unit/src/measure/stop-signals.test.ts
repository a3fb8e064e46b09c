import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runExitCode, signalExitCode, stopSignalOf } from '../../../../src/measure/stop-signals.js';

test('exit codes: 0 complete, 1 failed, 128 + the signal when interrupted', () => {
  assert.equal(runExitCode({ status: 'complete', signal: null }), 0);
  assert.equal(runExitCode({ status: 'failed', signal: null }), 1);
  assert.equal(runExitCode({ status: 'interrupted', signal: 'SIGINT' }), 130);
  assert.equal(runExitCode({ status: 'interrupted', signal: 'SIGTERM' }), 143);
  assert.equal(runExitCode({ status: 'interrupted', signal: 'SIGHUP' }), 129);
  assert.equal(runExitCode({ status: 'interrupted', signal: null }), 130);
  assert.deepEqual(
    [signalExitCode('SIGTERM'), stopSignalOf('SIGHUP'), stopSignalOf(new Error('x'))],
    [143, 'SIGHUP', null],
  );
});
