import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSample, playerSample, stallSample } from '../../../../src/browser/page-samples.js';

const toServer = (t: number): number => t - 100;

test('every page instant is moved to the server clock', () => {
  assert.deepEqual(stallSample({ start: 1000, end: 1250, cause: 'seek', bufferAhead: 0.5 }, toServer), {
    client: 'browser',
    viewer: 0,
    type: 'stall',
    t: 900,
    start: 900,
    end: 1150,
    durationMs: 250,
    cause: 'seek',
    bufferAhead: 0.5,
  });
  assert.equal(
    stallSample({ start: 1000, end: null, cause: 'underrun', bufferAhead: 0 }, toServer).durationMs,
    null,
  );
  const player = playerSample(
    {
      t: 5000,
      latency: 0.5,
      targetLatency: 0.3,
      drift: 1,
      playbackRate: 1.5,
      bufferAhead: 0.4,
      droppedFrames: 0,
      totalFrames: 10,
    },
    toServer,
  );
  assert.equal(player.t, 4900);
  assert.equal(player.playbackRate, 1.5);
  const load = loadSample(
    { kind: 'part', url: 'u', msn: 3, part: 1, start: 2000, firstByte: 2010, end: null, bytes: 99 },
    toServer,
  );
  assert.equal(load.name, 'player-load');
  assert.deepEqual(load.detail['timing'], { start: 1900, firstByte: 1910, end: null });
});
