import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkLocalClock } from '../../../../src/clock/local-clock.js';
import { CHRONY_FIXTURES, fakeChronyc, fakeTool } from './chrony-fixtures.js';

const timedatectlFixture = (name: string): string =>
  readFileSync(join(CHRONY_FIXTURES, 'timedatectl', name), 'utf8');
const MISSING = '/nonexistent/llhls-test/tool';

describe('checkLocalClock', () => {
  const chronyc = fakeChronyc('synchronised');
  const synced = fakeTool('timedatectl', timedatectlFixture('constructed-synchronised.stdout'), 0);
  const noSystemd = fakeTool('timedatectl', '', 1);
  after(() => {
    for (const fake of [chronyc, synced, noSystemd]) fake.dispose();
  });

  it('chrony first, with its bound', async () => {
    const status = await checkLocalClock({ chronycPath: chronyc.path, timedatectlPath: MISSING });
    assert.equal(status.source, 'chrony');
    assert.equal(status.synchronised, true);
    assert.ok(status.boundMs !== null && status.boundMs < 1);
    assert.match(status.words, /^chrony: synchronised to 127\.0\.0\.1/);
  });

  it('chronyc missing: falls back to timedatectl, keeping the install hint', async () => {
    const status = await checkLocalClock({ chronycPath: MISSING, timedatectlPath: synced.path });
    assert.equal(status.source, 'timedatectl');
    assert.equal(status.synchronised, true);
    assert.equal(status.boundMs, null);
    assert.equal(status.chronyUnavailable?.reason, 'missing');
    assert.match(status.words, /timedatectl: synchronised .*sudo apt-get install chrony/);
  });

  it('neither: unknown, with both reasons', async () => {
    const status = await checkLocalClock({ chronycPath: MISSING, timedatectlPath: noSystemd.path });
    assert.equal(status.source, 'unknown');
    assert.equal(status.synchronised, null);
    assert.match(status.words, /^synchronisation unknown: chronyc not found .*timedatectl show exited 1/);
  });
});
