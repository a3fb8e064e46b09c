import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LlhlsErrorCode } from '../../../../src/errors.js';
import { ffmpegFailure, telltaleLine } from '../../../../streamer/capture/ffmpeg-failure.js';

const exit = { code: 1, signal: null };

test('a missing V4L2 device is DeviceNotFound, one line, naming the fix', () => {
  const error = ffmpegFailure(
    { kind: 'device', device: '/dev/video7' },
    [
      '[video4linux2,v4l2 @ 0x55] Cannot open video device /dev/video7: No such file or directory',
      '/dev/video7: No such file or directory',
    ],
    exit,
  );
  assert.equal(error.code, LlhlsErrorCode.DeviceNotFound);
  assert.doesNotMatch(error.message, /\n/);
  assert.match(error.message, /\/dev\/video7 not found/);
  assert.match(error.message, /--device PATH, or use --test-src/);
});

test('other failures are FfmpegFailed with the telling stderr line', () => {
  const input = ffmpegFailure(
    { kind: 'input', input: 'x.ts' },
    ['x.ts: Invalid data found when processing input'],
    exit,
  );
  assert.equal(input.code, LlhlsErrorCode.FfmpegFailed);
  assert.match(input.message, /--input x\.ts \(exit code 1: x\.ts: Invalid data found/);
  const test = ffmpegFailure({ kind: 'test' }, ["Unknown encoder 'libx264'"], {
    code: null,
    signal: 'SIGSEGV',
  });
  assert.match(test.message, /signal SIGSEGV: Unknown encoder/);
});

test('telltaleLine prefers the last error-like line over trailing noise', () => {
  assert.equal(
    telltaleLine(['a: Permission denied', 'Exiting normally, received signal 2.', '']),
    'a: Permission denied',
  );
  assert.equal(telltaleLine(['just output']), 'just output');
  assert.equal(telltaleLine([]), '(no output)');
});
