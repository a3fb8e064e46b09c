import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  createWorkDirectory,
  sweepWorkDirectories,
  WORK_DIRECTORY_PREFIX,
} from '../../../../streamer/gstreamer/work-directory.js';

/** A pid no process has now: a child that has exited (its pid is free until reused). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('work directories of --engine gstreamer', () => {
  const parent = mkdtempSync(join(tmpdir(), 'llhls-sweep-test-'));
  after(() => rmSync(parent, { recursive: true, force: true }));

  it('names its owner, and a sweep removes only those whose owner is gone', () => {
    const mine = createWorkDirectory(parent);
    assert.equal(readFileSync(join(mine, 'owner.pid'), 'utf8').trim(), String(process.pid));
    writeFileSync(join(mine, 'seg00001.mp4'), 'x');

    const killed = join(parent, `${WORK_DIRECTORY_PREFIX}killed`);
    mkdirSync(killed);
    writeFileSync(join(killed, 'owner.pid'), `${deadPid()}\n`);
    writeFileSync(join(killed, 'seg00007.mp4'), 'left by a SIGKILL');

    // Another running process's (this test's parent, a pid that surely runs).
    const running = join(parent, `${WORK_DIRECTORY_PREFIX}running`);
    mkdirSync(running);
    writeFileSync(join(running, 'owner.pid'), `${process.ppid}\n`);

    // No owner file: one being created now is left alone; an old one (before owner files) goes.
    const fresh = join(parent, `${WORK_DIRECTORY_PREFIX}fresh`);
    mkdirSync(fresh);
    const old = join(parent, `${WORK_DIRECTORY_PREFIX}old`);
    mkdirSync(old);
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(old, hourAgo, hourAgo);

    // Not ours at all.
    const other = join(parent, 'something-else');
    mkdirSync(other);
    writeFileSync(join(other, 'owner.pid'), `${deadPid()}\n`);

    const removed = sweepWorkDirectories(parent).sort();
    assert.deepEqual(removed, [killed, old].sort());
    for (const kept of [mine, running, fresh, other]) assert.ok(existsSync(kept), kept);
    assert.equal(existsSync(killed), false);
  });

  it('returns nothing for a parent that does not exist', () => {
    assert.deepEqual(sweepWorkDirectories(join(parent, 'nope')), []);
  });
});
