import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { readChrony } from '../../../../src/clock/chronyc.js';
import { fakeChronyc } from './chrony-fixtures.js';

describe('readChrony (runs a chronyc replaying real captures)', () => {
  const fakes = ['synchronised', 'unsynchronised', 'not-running'].map((state) => ({
    state,
    ...fakeChronyc(state),
  }));
  const path = (state: string): string => fakes.find((f) => f.state === state)!.path;
  after(() => {
    for (const fake of fakes) fake.dispose();
  });

  it('synchronised: tracking, sources and the assessment', async () => {
    const reading = await readChrony({ chronycPath: path('synchronised') });
    assert.equal(reading.available, true);
    if (!reading.available) return;
    assert.equal(reading.tracking.referenceName, '127.0.0.1');
    assert.equal(reading.sources.length, 1);
    assert.equal(reading.assessment.synchronised, true);
    assert.deepEqual(reading.issues, []);
  });

  it('unsynchronised: available, but not synchronised', async () => {
    const reading = await readChrony({ chronycPath: path('unsynchronised') });
    assert.equal(reading.available && reading.assessment.synchronised, false);
  });

  it('daemon not running: says so and how to start it', async () => {
    const reading = await readChrony({ chronycPath: path('not-running') });
    assert.equal(reading.available, false);
    if (reading.available) return;
    assert.equal(reading.reason, 'not-running');
    assert.match(reading.message, /506 Cannot talk to daemon/);
    assert.match(reading.fix, /systemctl enable --now chrony/);
  });

  it('chronyc missing (ENOENT): says how to install it', async () => {
    const reading = await readChrony({ chronycPath: '/nonexistent/llhls-test/chronyc' });
    assert.equal(reading.available, false);
    if (reading.available) return;
    assert.equal(reading.reason, 'missing');
    assert.match(reading.message, /chronyc not found \(\/nonexistent\/llhls-test\/chronyc\)/);
    assert.match(reading.fix, /sudo apt-get install chrony/);
  });

  it('the real chronyc with a socket nobody listens on: not running', async (t) => {
    const reading = await readChrony({ chronycHost: '/nonexistent/llhls-test/chronyd.sock' });
    if (!reading.available && reading.reason === 'missing') return t.skip('chronyc not installed');
    assert.equal(reading.available, false);
    if (!reading.available) assert.equal(reading.reason, 'not-running');
  });
});
