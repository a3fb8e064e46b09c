import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type SkewedTimeServer, startSkewedTimeServer } from '../helpers/skewed-time-server.js';
import { fakeChronyc } from '../unit/src/clock/chrony-fixtures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// The real command class, run by oclif in its own process (flags, --json, exit codes all real),
// from the TypeScript source through tsx: no build needed.
const RUNNER = `
import { flush, handle } from '@oclif/core';
import { Clock } from ${JSON.stringify(`${ROOT}commands/clock.ts`)};
await Clock.run(process.argv.slice(1), ${JSON.stringify(ROOT)}).then(() => flush()).catch(handle);
`;

/** Runs `llhls clock ARGS` asynchronously (the servers under test live in this process). */
function llhlsClock(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', RUNNER, '--', ...args],
      { cwd: ROOT, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('llhls clock (CLI)', () => {
  let ahead: SkewedTimeServer;
  let behind: SkewedTimeServer;
  const chronyc = fakeChronyc('synchronised');
  before(async () => {
    ahead = await startSkewedTimeServer({ shiftMs: 250 });
    behind = await startSkewedTimeServer({ shiftMs: -40 });
  });
  after(async () => {
    await ahead.close();
    await behind.close();
    chronyc.dispose();
  });

  it('exceeded --max-offset: exit 1, one FAIL line naming the breach', async () => {
    const { code, stdout, stderr } = await llhlsClock([
      '--url',
      `${ahead.origin}/live.m3u8`,
      '--max-offset',
      '5ms',
      '--chronyc',
      chronyc.path,
    ]);
    assert.equal(code, 1, stdout + stderr);
    assert.match(
      stdout,
      /^local clock: chrony: synchronised to 127\.0\.0\.1 \(stratum 9\) within 0\.010 ms$/m,
    );
    assert.match(stdout, /this clock is 2\d\d\.\d ms behind the server's/);
    assert.match(stdout, /method http-time, 8 probes/);
    const fails = stdout.split('\n').filter((l) => l.startsWith('FAIL'));
    assert.equal(fails.length, 1);
    assert.match(fails[0] ?? '', /clock offset -2\d\d\.\d ms to the server exceeds --max-offset 5\.0 ms/);
  });

  it('within thresholds, --json: exit 0 and the report, offset within its uncertainty of the shift', async () => {
    // Thresholds loose enough for a loaded machine: this checks the exit code and the JSON, the
    // 2 ms accuracy is checked in test/unit/src/clock/time-probe.test.ts.
    const { code, stdout, stderr } = await llhlsClock([
      '--url',
      behind.origin,
      '--max-offset',
      '0.1s',
      '--max-uncertainty',
      '50ms',
      '--probes',
      '4',
      '--chronyc',
      chronyc.path,
      '--json',
    ]);
    assert.equal(code, 0, stdout + stderr);
    const report = JSON.parse(stdout);
    assert.equal(report.ok, true);
    assert.deepEqual(report.breaches, []);
    assert.deepEqual(report.thresholds, { maxOffsetMs: 100, maxUncertaintyMs: 50 });
    assert.equal(report.server.method, 'http-time');
    assert.equal(report.server.probes, 4);
    assert.ok(
      Math.abs(report.server.offsetMs - 40) <= report.server.uncertaintyMs,
      JSON.stringify(report.server),
    );
    assert.equal(report.local.chrony.tracking.stratum, 9);
  });

  it('unreachable URL: one line on stderr, exit 1 (a runtime failure, not a usage error)', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const { code, stdout, stderr } = await llhlsClock([
      '--url',
      `http://127.0.0.1:${port}/`,
      '--chronyc',
      chronyc.path,
    ]);
    assert.equal(code, 1);
    assert.equal(stdout.includes('FAIL'), false);
    assert.match(
      stderr,
      new RegExp(
        `^llhls: cannot reach http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\): check the URL and that the server is running\\n$`,
      ),
    );
  });

  it('chronyc missing, no URL: says so and how to install it, exit 0', async () => {
    const { code, stdout } = await llhlsClock(['--chronyc', '/nonexistent/llhls-test/chronyc']);
    assert.equal(code, 0);
    assert.match(
      stdout,
      /chronyc not found \(\/nonexistent\/llhls-test\/chronyc\); install and enable it: sudo apt-get install chrony/,
    );
  });

  it('a bad duration: one line naming the flag, non-zero', async () => {
    const { code, stderr } = await llhlsClock(['--max-offset', 'soon', '--chronyc', chronyc.path]);
    assert.equal(code, 2);
    assert.match(stderr, /^llhls: --max-offset expects a duration .* received 'soon'\n$/);
  });
});
