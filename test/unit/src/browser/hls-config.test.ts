import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHlsConfig } from '../../../../src/browser/hls-config.js';
import { hlsJsAdapter } from '../../../../src/browser/hlsjs-adapter.js';
import { LlhlsErrorCode } from '../../../../src/errors.js';

test('passes any hls.js option through, merged over lowLatencyMode', () => {
  const overrides = parseHlsConfig('{"maxLiveSyncPlaybackRate":1.5,"liveSyncDuration":1.5}');
  assert.deepEqual(hlsJsAdapter.effectiveConfig(overrides), {
    lowLatencyMode: true,
    maxLiveSyncPlaybackRate: 1.5,
    liveSyncDuration: 1.5,
  });
  assert.equal(hlsJsAdapter.effectiveConfig({ lowLatencyMode: false })['lowLatencyMode'], false);
  assert.deepEqual(parseHlsConfig(undefined), {});
});

test('bad JSON or a non-object is a flag error that shows an example', () => {
  for (const bad of ['{maxLiveSyncPlaybackRate:1.5}', '[1]', '3']) {
    assert.throws(
      () => parseHlsConfig(bad),
      (e: { code?: string; message?: string }) =>
        e.code === LlhlsErrorCode.InvalidFlag && /--hls-config/.test(e.message ?? ''),
    );
  }
});

test('the bundled hls.js is found in node_modules and has a version', () => {
  assert.match(hlsJsAdapter.version(), /^1\.\d+\.\d+/);
  const body = hlsJsAdapter.assets()['hls.min.js']!.body();
  assert.ok(body.length > 100_000);
});
