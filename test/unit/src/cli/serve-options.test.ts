import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import {
  buildGstEngineOptions,
  buildServeOptions,
  parseEngine,
  parseResolution,
  parseSeconds,
  parseStatusInterval,
  SERVE_FLAG_DEFAULTS,
  type ServeFlags,
} from '../../../../src/cli/serve-options.js';
import { LlhlsErrorCode } from '../../../../src/errors.js';

// The command's own defaults (what oclif passes when no flag is given).
const defaults: ServeFlags = {
  ...SERVE_FLAG_DEFAULTS,
  'test-src': false,
  audio: false,
  'hint-streaming': false,
};
const stdin = new PassThrough();
const build = (flags: Partial<ServeFlags>) => buildServeOptions({ ...defaults, ...flags }, stdin);
const invalid = (flags: Partial<ServeFlags>, message: RegExp): void =>
  assert.throws(
    () => build(flags),
    (e: unknown) =>
      (e as { code: string }).code === LlhlsErrorCode.InvalidFlag && message.test((e as Error).message),
  );

test('defaults: the test source, 1280x720 at 30 fps, 1 s segments, 0.1 s parts', () => {
  const options = build({});
  assert.deepEqual(options.source, { kind: 'test' });
  assert.equal(options.width, 1280);
  assert.equal(options.height, 720);
  assert.equal(options.segmentDuration, 1);
  assert.equal(options.partDuration, 0.1);
  assert.equal(options.parts, true);
  assert.equal(options.tls, undefined);
  assert.equal(options.partHoldBack, undefined);
  // oclif leaves absent boolean flags undefined: they still come out as booleans.
  const bare = buildServeOptions(
    { ...defaults, audio: undefined, 'hint-streaming': undefined, parts: undefined },
    stdin,
  );
  assert.equal(bare.audio, false);
  assert.equal(bare.hintStreaming, false);
  assert.equal(bare.parts, true);
});

test('sources: --device with --input-format, --input file, --input - reads the given stream', () => {
  assert.deepEqual(build({ device: '/dev/video0', 'input-format': 'yuyv' }).source, {
    kind: 'device',
    device: '/dev/video0',
    inputFormat: 'yuyv422',
  });
  assert.deepEqual(build({ input: 'a.ts' }).source, { kind: 'input', input: 'a.ts' });
  const source = build({ input: '-' }).source;
  assert.equal(source.kind === 'stream' && source.stream, stdin);
  invalid({ 'test-src': true, device: '/dev/video0' }, /choose one source: --test-src or --device/);
  invalid({ 'input-format': 'mjpeg' }, /--input-format applies to --device only/);
  invalid({ device: '/dev/video0', 'input-format': 'h264' }, /mjpeg or yuyv422/);
});

test('durations in seconds or with a unit; resolution and ports checked', () => {
  assert.equal(parseSeconds('0.2', '--part-duration'), 0.2);
  assert.equal(parseSeconds('200ms', '--part-duration'), 0.2);
  assert.equal(parseSeconds('2s', '--segment-duration'), 2);
  assert.equal(build({ 'part-hold-back': '0.25' }).partHoldBack, 0.25);
  assert.throws(
    () => parseSeconds('0', '--part-duration'),
    /--part-duration must be 10ms to 10s; received '0'/,
  );
  assert.equal(parseStatusInterval('5'), 5000);
  assert.equal(parseStatusInterval('10s'), 10_000);
  for (const none of ['0', '0s', '0.0']) assert.equal(parseStatusInterval(none), 0);
  assert.throws(() => parseStatusInterval('-1'), /--status-interval/);
  assert.throws(() => parseStatusInterval('often'), /--status-interval expects a duration such as 30, 250ms/);
  // A bare number is seconds here: the message must not say milliseconds.
  assert.throws(
    () => parseSeconds('2x', '--segment-duration'),
    (e: Error) => !/milliseconds/.test(e.message),
  );
  assert.deepEqual(parseResolution('640x360'), [640, 360]);
  invalid({ resolution: '641x360' }, /even numbers/);
  invalid({ resolution: 'big' }, /WIDTHxHEIGHT/);
  invalid({ 'http-port': 70_000 }, /--http-port/);
  invalid({ framerate: 0 }, /--framerate/);
  invalid({ resolution: '99998x99998' }, /at most 7680x4320/);
  invalid({ bitrate: 10_000_000 }, /--bitrate is in kbit\/s, 50 to 100000/);
});

test('absurd values are refused with one line naming the flag and the range', () => {
  // issue 13: --window-size 100000, --part-duration 0.001, --status-interval 1ms
  invalid({ 'window-size': 100_000 }, /--window-size must be 3 to 600 segments/);
  invalid({ 'window-size': 2 }, /--window-size must be 3 to 600/);
  invalid({ 'part-duration': '0.001' }, /--part-duration must be 10ms to 10s; received '0.001'/);
  invalid({ 'segment-duration': '1h' }, /--segment-duration must be 100ms to 1m/);
  invalid({ 'part-hold-back': '2m' }, /--part-hold-back must be 1ms to 1m/);
  assert.throws(() => parseStatusInterval('1ms'), /--status-interval must be at least 1s; received '1ms'/);
  assert.throws(() => parseStatusInterval('500ms'), /--status-interval must be at least 1s/);
  assert.equal(build({ 'part-duration': '10ms' }).partDuration, 0.01);
  assert.equal(build({ 'window-size': 600 }).windowSegments, 600);
  invalid({ 'public-url': 'example.com' }, /--public-url expects an http\(s\) URL/);
});

test('TLS: self-signed, or a cert and key together', () => {
  assert.deepEqual(build({ tls: 'self-signed' }).tls, { kind: 'self-signed', hosts: ['127.0.0.1'] });
  assert.deepEqual(build({ 'tls-cert': 'c.pem', 'tls-key': 'k.pem' }).tls, {
    kind: 'files',
    certFile: 'c.pem',
    keyFile: 'k.pem',
  });
  invalid({ 'tls-cert': 'c.pem' }, /go together/);
  invalid({ tls: 'self-signed', 'tls-key': 'k.pem' }, /exclude each other/);
  invalid({ tls: 'yes' }, /only 'self-signed'/);
});

test('--engine gstreamer: the test source or a V4L2 device, --max-files; what the design has not is refused by name', () => {
  // As oclif passes them: --container has no default there (an explicit ts is refused).
  const gst = (flags: Partial<ServeFlags>) =>
    buildGstEngineOptions({ ...defaults, container: undefined, ...flags }, stdin);
  const refused = (flags: Partial<ServeFlags>, message: RegExp): void =>
    assert.throws(
      () => gst(flags),
      (e: unknown) =>
        (e as { code: string }).code === LlhlsErrorCode.InvalidFlag && message.test((e as Error).message),
    );
  assert.equal(parseEngine(undefined), 'llhls');
  assert.equal(parseEngine('gstreamer'), 'gstreamer');
  assert.throws(() => parseEngine('gst'), /--engine expects llhls or gstreamer; received 'gst'/);
  const options = gst({ 'test-src': true, 'segment-duration': '2', 'part-duration': '250ms' });
  assert.deepEqual(options.input, { kind: 'test' });
  assert.deepEqual(
    [options.segmentDuration, options.partDuration, options.maxFiles, options.width, options.frameRate],
    [2, 0.25, 10, 1280, 30],
  );
  assert.deepEqual(gst({ device: '/dev/video2', 'input-format': 'mjpeg', 'max-files': 3 }).input, {
    kind: 'device',
    device: '/dev/video2',
    inputFormat: 'mjpeg',
  });
  assert.equal(gst({ 'max-files': 3 }).maxFiles, 3);
  refused({ 'max-files': 0 }, /^--max-files must be an integer >= 1; received 0$/);
  refused({ input: '-' }, /^--input does not apply to --engine gstreamer$/);
  refused({ audio: true }, /^--audio does not apply to --engine gstreamer$/);
  refused({ 'hint-streaming': true }, /^--hint-streaming does not apply to --engine gstreamer$/);
  refused({ container: 'ts' }, /drop --container ts/);
  refused({ parts: false }, /drop --no-parts/);
  assert.equal(gst({ container: 'fmp4' }).input.kind, 'test');
});
