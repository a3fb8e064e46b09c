import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILT_IN_PROFILES, builtInProfile } from '../../../../src/proxy/mmsys-2020-profiles.js';
import {
  type Profile,
  profileDurationMs,
  profilePosition,
  scaleProfile,
} from '../../../../src/proxy/profile.js';

const kbps = (speed: number): number => speed * 1024;
const TWO: Profile = {
  name: 'two',
  loop: true,
  source: 'test',
  steps: [
    { durationMs: 1000, impairment: { downBitsPerSecond: 4e6 } },
    { durationMs: 500, impairment: { downBitsPerSecond: 1e6, latencyMs: 20 } },
  ],
};

describe('profilePosition', () => {
  it('places each step by absolute time from the start, looping', () => {
    assert.deepEqual(profilePosition(TWO, 0), { index: 0, cycle: 0, nextInMs: 1000 });
    assert.deepEqual(profilePosition(TWO, 999), { index: 0, cycle: 0, nextInMs: 1 });
    assert.deepEqual(profilePosition(TWO, 1000), { index: 1, cycle: 0, nextInMs: 500 });
    assert.deepEqual(profilePosition(TWO, 1600), { index: 0, cycle: 1, nextInMs: 900 });
    assert.deepEqual(profilePosition(TWO, 15_000 + 1200), { index: 1, cycle: 10, nextInMs: 300 });
  });

  it('holds the last step of a profile that does not loop', () => {
    const once = { ...TWO, loop: false };
    assert.deepEqual(profilePosition(once, 1200), { index: 1, cycle: 0, nextInMs: 300 });
    assert.deepEqual(profilePosition(once, 1500), { index: 1, cycle: 0, nextInMs: null });
    assert.deepEqual(profilePosition(once, 99_000), { index: 1, cycle: 0, nextInMs: null });
  });
});

describe('scaleProfile', () => {
  it('multiplies durations and rates, leaving other fields', () => {
    const fast = scaleProfile(TWO, { time: 0.1, rate: 2.5 });
    assert.deepEqual(
      fast.steps.map((s) => [s.durationMs, s.impairment.downBitsPerSecond, s.impairment.latencyMs]),
      [
        [100, 10e6, undefined],
        [50, 2.5e6, 20],
      ],
    );
    assert.equal(scaleProfile(TWO, {}), TWO);
  });
});

describe('the ACM MMSys 2020 Grand Challenge profiles (normal-network-patterns.js)', () => {
  it('has the five, with the challenge speeds in its kbps of 1024 bit/s, both directions', () => {
    assert.deepEqual(BUILT_IN_PROFILES, [
      'cascade',
      'intra-cascade',
      'spike',
      'slow-jitters',
      'fast-jitters',
    ]);
    const speeds = (name: string): Array<[number, number]> =>
      (builtInProfile(name) as Profile).steps.map((s) => {
        assert.equal(s.impairment.upBitsPerSecond, s.impairment.downBitsPerSecond);
        return [(s.impairment.downBitsPerSecond as number) / 1024, s.durationMs / 1000];
      });
    assert.deepEqual(speeds('cascade'), [
      [1200, 30],
      [800, 30],
      [400, 30],
      [800, 30],
      [1200, 30],
    ]);
    assert.deepEqual(
      speeds('intra-cascade').map(([k]) => k),
      [1000, 800, 600, 400, 200, 400, 600, 800, 1000],
    );
    assert.deepEqual(speeds('spike'), [
      [1200, 10],
      [300, 10],
      [800, 10],
    ]);
    assert.deepEqual(speeds('slow-jitters'), [
      [500, 5],
      [1200, 5],
      [500, 5],
      [1200, 5],
      [500, 5],
      [1200, 5],
    ]);
    assert.deepEqual(speeds('fast-jitters'), [
      [500, 0.25],
      [1200, 5],
      [500, 0.1],
      [1200, 1],
      [500, 0.25],
      [1200, 5],
    ]);
    assert.equal(profileDurationMs(builtInProfile('intra-cascade') as Profile), 135_000);
    assert.equal((builtInProfile('spike') as Profile).steps[0]?.impairment.downBitsPerSecond, kbps(1200));
    assert.match((builtInProfile('fast-jitters') as Profile).source, /PROFILE_FAST_JITTERS/);
    assert.equal(builtInProfile('nope'), null);
  });
});
