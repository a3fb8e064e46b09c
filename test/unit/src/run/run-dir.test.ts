import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LlhlsError } from '../../../../src/errors.js';
import { prepareRunDir } from '../../../../src/run/run-dir.js';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'llhls-run-dir-'));
});
after(() => rm(root, { recursive: true, force: true }));

const prepare = (out: string) => prepareRunDir({ out, label: 'x', at: new Date(0) });
const oneLine = (pattern: RegExp) => (e: unknown) =>
  e instanceof LlhlsError &&
  e.code === 'LLHLS_OUTPUT_DIR' &&
  e.exitCode === 2 &&
  !e.message.includes('\n') &&
  pattern.test(e.message);

describe('prepareRunDir --out', () => {
  it('creates missing parents', async () => {
    const dir = join(root, 'a', 'b', 'run');
    const made = await prepare(dir);
    assert.deepEqual([made.dir, made.id, made.created], [dir, 'run', true]);
    assert.ok((await stat(dir)).isDirectory());
  });

  it('under /proc: one line, at once (Node 20 mkdir -p loops there forever)', async () => {
    const started = Date.now();
    await assert.rejects(
      prepare('/proc/llhls-nope/run'),
      oneLine(/^cannot create \/proc\/llhls-nope\/run \(ENOENT\): check --out/),
    );
    assert.ok(Date.now() - started < 2000);
  });

  it('below a file (/dev/null/run, or a file of ours): one line saying so', async () => {
    await assert.rejects(
      prepare('/dev/null/run'),
      oneLine(/^cannot create \/dev\/null\/run \(a parent is a file, not a directory\)/),
    );
    const file = join(root, 'file');
    await writeFile(file, 'x');
    await assert.rejects(prepare(join(file, 'sub', 'run')), oneLine(/a parent is a file, not a directory/));
    await assert.rejects(prepare(file), oneLine(/is not a directory: name a new or empty directory/));
  });

  it('where it may not write: one line naming --out', async () => {
    await assert.rejects(
      prepare('/sys/llhls-nope/run'),
      oneLine(/^cannot create \/sys\/llhls-nope\/run \(\w+\): check --out/),
    );
  });
});
