import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { readChrony } from '../../src/clock/chronyc.js';

const hasChronyd = spawnSync('chronyd', ['-v']).status === 0;
const isRoot = process.getuid?.() === 0;

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/**
 * A real loopback NTP pair, as the fixtures were captured (test/fixtures/chrony/README.md): a
 * chronyd serving its own clock (`local stratum 8`) and a chronyd synchronising to it. Both run
 * with -x, so neither ever adjusts this machine's clock, in the foreground, killed in after().
 */
describe('readChrony against live chronyd (-x, loopback only)', {
  skip: !hasChronyd || !isRoot ? 'needs chronyd and root' : false,
}, () => {
  let dir: string;
  const daemons: ChildProcess[] = [];
  const start = (name: string, config: string): void => {
    const file = join(dir, `${name}.conf`);
    writeFileSync(file, config);
    daemons.push(spawn('chronyd', ['-x', '-d', '-u', 'root', '-f', file], { stdio: 'ignore' }));
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'llhls-chronyd-'));
    chmodSync(dir, 0o700); // chronyd refuses a command socket in a directory others can reach
    const port = await freeUdpPort();
    start(
      'server',
      `local stratum 8\nallow 127.0.0.1\nport ${port}\npidfile ${dir}/server.pid\nbindcmdaddress ${dir}/server.sock\ncmdport 0\n`,
    );
    start(
      'client',
      `server 127.0.0.1 port ${port} iburst minpoll -2 maxpoll -2\npidfile ${dir}/client.pid\nbindcmdaddress ${dir}/client.sock\ncmdport 0\nport 0\n`,
    );
  });
  after(() => {
    for (const daemon of daemons) daemon.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('the client synchronises to the loopback server and is read as synchronised within 1 ms', async () => {
    let reading = await readChrony({ chronycHost: join(dir, 'client.sock') });
    // The first sample already counts as synchronised, with a bound of most of a second (root
    // dispersion); a few more at 0.25 s polling bring it under 1 ms. Wait for both, 30 s at most.
    const settled = (): boolean =>
      reading.available &&
      reading.assessment.synchronised &&
      (reading.assessment.boundMs ?? Number.POSITIVE_INFINITY) < 1;
    for (let i = 0; i < 60 && !settled(); i++) {
      await sleep(500);
      reading = await readChrony({ chronycHost: join(dir, 'client.sock') });
    }
    assert.equal(reading.available, true, JSON.stringify(reading));
    if (!reading.available) return;
    assert.equal(reading.assessment.synchronised, true, reading.assessment.words);
    assert.equal(reading.tracking.referenceName, '127.0.0.1');
    assert.ok((reading.assessment.boundMs ?? Number.POSITIVE_INFINITY) < 1, reading.assessment.words);
    assert.deepEqual(reading.issues, []);
    assert.ok(reading.sources.some((s) => s.state === 'selected' && s.name === '127.0.0.1'));
  });

  it('the server, serving its own clock, is not called synchronised', async () => {
    const reading = await readChrony({ chronycHost: join(dir, 'server.sock') });
    assert.equal(reading.available, true);
    if (reading.available) assert.equal(reading.assessment.synchronised, false, reading.assessment.words);
  });
});
