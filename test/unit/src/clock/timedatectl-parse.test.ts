import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseTimedatectl } from '../../../../src/clock/timedatectl-parse.js';
import { CHRONY_FIXTURES } from './chrony-fixtures.js';

const fixture = (name: string): string => readFileSync(join(CHRONY_FIXTURES, 'timedatectl', name), 'utf8');

describe('parseTimedatectl', () => {
  it('synchronised (constructed sample, see fixtures README)', () => {
    assert.deepEqual(parseTimedatectl(fixture('constructed-synchronised.stdout')), {
      valid: true,
      value: { synchronised: true, ntpEnabled: true, time: 'Tue 2026-11-24 06:40:55 UTC' },
      issues: [],
    });
  });
  it('NTP disabled and unsynchronised', () => {
    const { value } = parseTimedatectl(fixture('constructed-unsynchronised.stdout'));
    assert.equal(value.synchronised, false);
    assert.equal(value.ntpEnabled, false);
  });
  it('the real no-systemd text is not valid', () => {
    const result = parseTimedatectl(fixture('no-systemd.stderr'));
    assert.equal(result.valid, false);
    assert.equal(result.issues.length, 1);
  });
});
