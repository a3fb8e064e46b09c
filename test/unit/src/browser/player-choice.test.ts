import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hlsJsAdapter } from '../../../../src/browser/hlsjs-adapter.js';
import { choosePlayer, parsePlayerConfig } from '../../../../src/browser/player-choice.js';
import { shakaAdapter } from '../../../../src/browser/shaka-adapter.js';
import { LlhlsErrorCode } from '../../../../src/errors.js';

const flagError = (flag: RegExp) => (e: { code?: string; message?: string }) =>
  e.code === LlhlsErrorCode.InvalidFlag && flag.test(e.message ?? '');

describe('--player, --player-config, --hls-config', () => {
  test('hls.js by default; any hls.js option passes through, merged over lowLatencyMode', () => {
    const choice = choosePlayer({ hlsConfig: '{"maxLiveSyncPlaybackRate":1.5,"liveSyncDuration":1.5}' });
    assert.equal(choice.adapter, hlsJsAdapter);
    assert.equal(choice.configFlag, '--hls-config');
    assert.deepEqual(hlsJsAdapter.effectiveConfig(choice.config), {
      lowLatencyMode: true,
      maxLiveSyncPlaybackRate: 1.5,
      liveSyncDuration: 1.5,
    });
    assert.equal(hlsJsAdapter.effectiveConfig({ lowLatencyMode: false })['lowLatencyMode'], false);
    assert.deepEqual(choosePlayer({}).config, {});
    assert.equal(choosePlayer({}).configFlag, null);
  });

  test('--player shaka with --player-config: Shaka options nest, merged key by key over its defaults', () => {
    const choice = choosePlayer({ player: 'shaka', playerConfig: '{"streaming":{"rebufferingGoal":0.5}}' });
    assert.equal(choice.adapter, shakaAdapter);
    assert.equal(choice.configFlag, '--player-config');
    assert.deepEqual(shakaAdapter.effectiveConfig(choice.config), {
      streaming: { lowLatencyMode: true, rebufferingGoal: 0.5 },
      manifest: { hls: { sequenceMode: true } },
    });
    // The user's word wins, also over a default in the same branch.
    const segmentsMode = shakaAdapter.effectiveConfig({ manifest: { hls: { sequenceMode: false } } });
    assert.deepEqual(segmentsMode['manifest'], { hls: { sequenceMode: false } });
  });

  test('--hls-config is hls.js’s: refused with another player, and together with --player-config', () => {
    assert.throws(() => choosePlayer({ player: 'shaka', hlsConfig: '{}' }), flagError(/use --player-config/));
    assert.throws(() => choosePlayer({ hlsConfig: '{}', playerConfig: '{}' }), flagError(/give one/));
    assert.throws(
      () => choosePlayer({ player: 'vlc' }),
      flagError(/--player expects hls\.js or shaka; received 'vlc'/),
    );
  });

  test('bad JSON or a non-object is a flag error that names the flag given and shows an example', () => {
    for (const bad of ['{maxLiveSyncPlaybackRate:1.5}', '[1]', '3']) {
      assert.throws(() => parsePlayerConfig(bad, '--hls-config'), flagError(/--hls-config/));
      assert.throws(() => choosePlayer({ playerConfig: bad }), flagError(/--player-config/));
    }
  });

  test('both players are bundled from node_modules, with their versions', () => {
    assert.match(hlsJsAdapter.version(), /^1\.\d+\.\d+/);
    assert.ok(hlsJsAdapter.assets()['hls.min.js']!.body().length > 100_000);
    assert.match(shakaAdapter.version(), /^5\.\d+\.\d+/);
    const shaka = shakaAdapter.assets()['shaka-player.hls.js']!.body();
    assert.ok(shaka.length > 300_000);
    assert.ok(shaka.toString().includes('innerGlobal.shaka='), 'the build defines window.shaka');
  });
});
