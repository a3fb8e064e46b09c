/** The streamer's process tree from /proc: stat lines as the kernel writes them, and a real tree. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  cpuPercentBetween,
  parseProcStat,
  procUnits,
  readProcessTree,
  treeOf,
} from '../../../../src/compare/process-tree.js';
import { ResourceSampler } from '../../../../src/compare/resource-sampler.js';

describe('process tree', () => {
  it('parses a stat line whose command name holds spaces and parentheses (proc(5))', () => {
    const line =
      '4242 (ffmpeg (x) 1) S 4200 4200 4200 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 3 0 12345 200000000 5120 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n';
    assert.deepEqual(parseProcStat(line), { pid: 4242, ppid: 4200, cpuTicks: 300, rssPages: 5120 });
    assert.equal(parseProcStat('garbage'), null);
  });

  it('finds every descendant from the parents, and counts CPU of processes started in between', () => {
    const stat = (pid: number, ppid: number, cpuTicks: number) => ({ pid, ppid, cpuTicks, rssPages: 1 });
    const all = [stat(1, 0, 0), stat(10, 1, 5), stat(11, 10, 7), stat(12, 10, 1), stat(20, 1, 9)];
    assert.deepEqual(
      treeOf(10, all).map((s) => s.pid),
      [10, 11, 12],
    );
    const before = { t: 0, ticks: new Map([[10, 100]]), rssBytes: 0, processes: 1 };
    const after = {
      t: 2000,
      ticks: new Map([
        [10, 150],
        [11, 50],
      ]),
      rssBytes: 0,
      processes: 2,
    };
    assert.equal(cpuPercentBetween(before, after, 100), 50);
  });

  it('samples a real tree: a shell and the busy child it starts', async () => {
    const child = spawn('/bin/sh', ['-c', 'while :; do :; done & sleep 30'], {
      detached: true,
      stdio: 'ignore',
    });
    try {
      await sleep(200);
      const reading = await readProcessTree(child.pid!, procUnits().pageBytes, Date.now);
      assert.ok(reading !== null);
      assert.ok(reading.processes >= 3, `processes ${reading.processes}`);
      assert.ok(reading.rssBytes > 100_000, `rss ${reading.rssBytes}`);
      const sampler = new ResourceSampler(child.pid!, { intervalMs: 200 });
      await sampler.start();
      await sleep(1200);
      const resources = await sampler.stop();
      assert.ok(resources.samples.length >= 4, `samples ${resources.samples.length}`);
      // The busy loop holds most of one core, even on a loaded machine.
      assert.ok(resources.cpuPercent!.mean > 20, `cpu ${resources.cpuPercent!.mean}`);
      assert.ok(resources.rssBytes!.peak >= resources.rssBytes!.mean);
    } finally {
      process.kill(-child.pid!, 'SIGKILL');
    }
  });
});
