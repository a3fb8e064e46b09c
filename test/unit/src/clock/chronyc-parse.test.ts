import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ChronycFailure,
  classifyChronycFailure,
  parseChronySources,
  parseChronyTracking,
} from '../../../../src/clock/chronyc-parse.js';
import { capture } from './chrony-fixtures.js';

describe('parseChronyTracking on real captures', () => {
  it('synchronised: reads every field, converting seconds to ms', () => {
    const { valid, value, issues } = parseChronyTracking(capture('synchronised', 'c-tracking').stdout);
    assert.deepEqual(issues, []);
    assert.equal(valid, true);
    assert.ok(value);
    assert.equal(value.referenceId, '7F000001');
    assert.equal(value.referenceName, '127.0.0.1');
    assert.equal(value.stratum, 9);
    assert.ok(Math.abs(value.refTimeMs - 1795502455481.39) < 0.01);
    assert.ok(Math.abs(value.systemOffsetMs - 0.002657) < 1e-9);
    assert.ok(Math.abs(value.rmsOffsetMs - 0.000619) < 1e-9);
    assert.equal(value.frequencyPpm, -0.002);
    assert.equal(value.skewPpm, 2.31);
    assert.ok(Math.abs(value.rootDelayMs - 0.009475) < 1e-9);
    assert.ok(Math.abs(value.rootDispersionMs - 0.002988) < 1e-9);
    assert.equal(value.updateIntervalS, 0.3);
    assert.equal(value.leapStatus, 'Normal');
  });

  it('the system offset sign matches the plain output: positive exactly when chronyc says "fast"', () => {
    for (const state of ['synchronised', 'unsynchronised', 'local-server']) {
      const { value } = parseChronyTracking(capture(state, 'c-tracking').stdout);
      const plain = /System time\s*:\s*([\d.]+) seconds (fast|slow)/.exec(capture(state, 'tracking').stdout);
      assert.ok(value && plain, state);
      const magnitude = Number(plain[1]) * 1000;
      assert.ok(Math.abs(Math.abs(value.systemOffsetMs) - magnitude) < 0.001, `${state} magnitude`);
      if (magnitude > 0) assert.equal(value.systemOffsetMs > 0, plain[2] === 'fast', state);
    }
  });

  it('unsynchronised: reference 00000000, stratum 0, leap Not synchronised', () => {
    const { valid, value } = parseChronyTracking(capture('unsynchronised', 'c-tracking').stdout);
    assert.equal(valid, true);
    assert.equal(value?.referenceId, '00000000');
    assert.equal(value?.referenceName, '');
    assert.equal(value?.stratum, 0);
    assert.equal(value?.rootDispersionMs, 1000);
    assert.equal(value?.leapStatus, 'Not synchronised');
  });

  it('local reference: 7F7F0101 with no name', () => {
    const { value } = parseChronyTracking(capture('local-server', 'c-tracking').stdout);
    assert.equal(value?.referenceId, '7F7F0101');
    assert.equal(value?.stratum, 8);
  });

  it('daemon not running: the error text is a result with issues, not a throw', () => {
    const result = parseChronyTracking(capture('not-running', 'c-tracking').stdout);
    assert.equal(result.valid, false);
    assert.equal(result.value, null);
    assert.match(result.issues[0] ?? '', /506 Cannot talk to daemon/);
  });

  it('empty, short and non-numeric input give issues', () => {
    assert.deepEqual(parseChronyTracking('').issues, ['chronyc -c tracking printed nothing']);
    assert.equal(parseChronyTracking('a,b,c').value, null);
    const bad = parseChronyTracking('7F000001,x,nine,1,2,3,4,5,6,7,8,9,10,Normal');
    assert.equal(bad.valid, false);
    assert.match(bad.issues.join(), /stratum is not a number: 'nine'/);
    const unknownLeap = parseChronyTracking('7F000001,x,2,1,0,0,0,0,0,0,0,0,1,Wobbly');
    assert.deepEqual(unknownLeap.issues, ["unknown leap status 'Wobbly'"]);
  });
});

describe('parseChronySources on real captures', () => {
  it('synchronised: one selected server with full reach', () => {
    const { valid, value } = parseChronySources(capture('synchronised', 'c-sources').stdout);
    assert.equal(valid, true);
    assert.equal(value?.length, 1);
    const [source] = value!;
    assert.equal(source?.mode, 'server');
    assert.equal(source?.state, 'selected');
    assert.equal(source?.name, '127.0.0.1');
    assert.equal(source?.stratum, 8);
    assert.equal(source?.pollLog2, -2);
    assert.equal(source?.reach, 255); // octal 377
    assert.equal(source?.lastRxS, 0);
    assert.ok(Math.abs((source?.adjustedOffsetMs ?? 0) - 0.000635) < 1e-9);
    assert.ok(Math.abs((source?.errorMs ?? 0) - 0.004796) < 1e-9);
  });

  it('unsynchronised: an unusable source, never heard from', () => {
    const { value } = parseChronySources(capture('unsynchronised', 'c-sources').stdout);
    assert.equal(value?.[0]?.state, 'unusable');
    assert.equal(value?.[0]?.reach, 0);
    assert.equal(value?.[0]?.lastRxS, null);
  });

  it('no sources: an empty list is valid', () => {
    assert.deepEqual(parseChronySources(capture('local-server', 'c-sources').stdout), {
      valid: true,
      value: [],
      issues: [],
    });
  });

  it('keeps good lines and reports bad ones', () => {
    const text = `${capture('synchronised', 'c-sources').stdout}garbage line\n^,*,h,2,6,37x,1,0,0,0\n`;
    const { valid, value, issues } = parseChronySources(text);
    assert.equal(valid, false);
    assert.equal(value?.length, 1);
    assert.equal(issues.length, 2);
  });
});

describe('classifyChronycFailure', () => {
  it('recognises both real "no daemon" texts', () => {
    assert.equal(
      classifyChronycFailure(capture('not-running', 'c-tracking').stdout),
      ChronycFailure.NotRunning,
    );
    assert.equal(
      classifyChronycFailure(capture('not-running', 'socket-missing-c-tracking').stderr),
      ChronycFailure.NotRunning,
    );
  });
  it('other texts', () => {
    assert.equal(classifyChronycFailure('501 Not authorised'), ChronycFailure.Unauthorised);
    assert.equal(classifyChronycFailure('something else'), ChronycFailure.Other);
  });
});
