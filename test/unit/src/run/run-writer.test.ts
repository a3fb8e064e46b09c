import assert from 'node:assert/strict';
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { LlhlsError } from '../../../../src/errors.js';
import { summarize } from '../../../../src/metrics/summarize.js';
import { prepareRunDir, runTimestamp, sanitizeLabel } from '../../../../src/run/run-dir.js';
import { readRun } from '../../../../src/run/run-reader.js';
import { RunWriter } from '../../../../src/run/run-writer.js';
import { everySample, mediaSample, runInfo } from './every-sample.js';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'llhls-run-writer-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('prepareRunDir', () => {
  it('names runs <YYYYMMDD-HHMMSS>-<label> in UTC under runs/, numbering same-second runs', async () => {
    const at = new Date(Date.UTC(2026, 10, 24, 6, 5, 9));
    assert.equal(runTimestamp(at), '20261124-060509');
    const first = await prepareRunDir({ label: '127.0.0.1:8080', at, runsRoot: root });
    assert.equal(first.id, '20261124-060509-127.0.0.1-8080');
    assert.equal(first.created, true);
    await writeFile(join(first.dir, 'run.json'), '{}');
    const second = await prepareRunDir({ label: '127.0.0.1:8080', at, runsRoot: root });
    assert.equal(second.id, '20261124-060509-127.0.0.1-8080-2');
  });

  it('sanitizes labels', () => {
    assert.equal(sanitizeLabel('my run / 2'), 'my-run-2');
    assert.equal(sanitizeLabel('../..'), 'run');
  });

  it('refuses a non-empty --out, naming the flag', async () => {
    const out = join(root, 'taken');
    await mkdir(out);
    await writeFile(join(out, 'x'), 'x');
    await assert.rejects(
      prepareRunDir({ out, label: 'x', at: new Date() }),
      (e: unknown) => e instanceof LlhlsError && e.code === 'LLHLS_OUTPUT_DIR' && e.message.includes('--out'),
    );
    const empty = join(root, 'empty');
    await mkdir(empty);
    assert.equal((await prepareRunDir({ out: empty, label: 'x', at: new Date() })).created, false);
  });
});

describe('RunWriter and readRun', () => {
  it('writes a run that reads back valid, with every sample in order', async () => {
    const runDir = await prepareRunDir({ out: join(root, 'complete'), label: 'x', at: new Date() });
    const writer = await RunWriter.open(runDir);
    const info = runInfo({ status: 'running', endedAt: null, id: runDir.id });
    await writer.writeInfo(info);
    const atStart = await readRun(runDir.dir);
    assert.equal(atStart.info?.status, 'running');
    assert.ok(atStart.issues.some((i) => i.file === 'summary.json' && i.message === 'missing'));

    const samples = [...everySample(info.startedAt + 11_000), ...everySample(info.startedAt + 12_000)];
    for (const s of samples) writer.append(s);
    const done = { ...info, status: 'complete' as const, endedAt: info.startedAt + 30_000 };
    const summary = summarize({
      info: done,
      samples,
      outcomes: [],
      endedAt: done.endedAt,
      status: 'complete',
    });
    await writer.close(done, summary);
    writer.append(mediaSample(1)); // after close: ignored

    const read = await readRun(runDir.dir);
    assert.deepEqual(read.issues, []);
    assert.equal(read.valid, true);
    assert.deepEqual(read.samples, samples);
    assert.deepEqual(read.info, done);
    assert.deepEqual(read.summary, summary);
    assert.deepEqual((await readdir(runDir.dir)).sort(), ['run.json', 'samples.jsonl', 'summary.json']);
  });

  it('has samples on disk within the flush interval, before close', async () => {
    const runDir = await prepareRunDir({ out: join(root, 'flush'), label: 'x', at: new Date() });
    const writer = await RunWriter.open(runDir, { flushMs: 50 });
    writer.append(mediaSample(1));
    writer.append(mediaSample(2));
    let lines = 0;
    for (let i = 0; i < 40 && lines < 2; i += 1) {
      await sleep(25);
      lines = (await readFile(join(runDir.dir, 'samples.jsonl'), 'utf8')).split('\n').filter(Boolean).length;
    }
    assert.equal(lines, 2);
    await writer.close(runInfo(), null);
  });

  it('discard removes a run that never started, and the directory it made', async () => {
    const runDir = await prepareRunDir({ label: 'discard', at: new Date(), runsRoot: join(root, 'runs') });
    const writer = await RunWriter.open(runDir);
    await writer.writeInfo(runInfo());
    await writer.discard();
    assert.deepEqual(await readdir(join(root, 'runs')), []);
  });

  it('keeps what is valid in a corrupt run and names file and line of the rest', async () => {
    const runDir = await prepareRunDir({ out: join(root, 'corrupt'), label: 'x', at: new Date() });
    const writer = await RunWriter.open(runDir);
    await writer.writeInfo(runInfo());
    writer.append(mediaSample(1));
    writer.append({ ...mediaSample(2), bytes: -1 });
    writer.append(mediaSample(3));
    await writer.close(runInfo(), null);
    // A crash mid-write leaves half a line.
    await appendFile(join(runDir.dir, 'samples.jsonl'), '{"type":"media","t":4');
    await writeFile(join(runDir.dir, 'summary.json'), '{"schema":"llhls.summary/1"}');
    const read = await readRun(runDir.dir);
    assert.equal(read.valid, false);
    assert.deepEqual(
      read.samples.map((s) => s.t),
      [1, 3],
    );
    assert.ok(read.info !== null);
    assert.equal(read.summary, null);
    const sampleIssues = read.issues.filter((i) => i.file === 'samples.jsonl');
    assert.deepEqual(
      sampleIssues.map((i) => i.line),
      [2, 4],
    );
    assert.match(sampleIssues[0]!.message, /\/bytes/);
    assert.match(sampleIssues[1]!.message, /truncated last line/);
    assert.ok(read.issues.some((i) => i.file === 'summary.json' && i.message.includes('runId')));
  });

  it('reads samples.jsonl line by line: line numbers hold across read chunks; a bad line with its newline is not "truncated"', async () => {
    const runDir = await prepareRunDir({ out: join(root, 'long'), label: 'x', at: new Date() });
    const writer = await RunWriter.open(runDir);
    await writer.writeInfo(runInfo());
    await writer.close(runInfo(), null);
    // ~3 MB, read in many 64 KiB chunks: lines cut by chunk edges must come back whole.
    const lines: string[] = [];
    for (let i = 1; i <= 20_000; i += 1) {
      lines.push(i % 5000 === 0 ? '{"type":"media","t":' : JSON.stringify(mediaSample(i)));
    }
    await writeFile(join(runDir.dir, 'samples.jsonl'), `${lines.join('\r\n')}\n\n`);
    const read = await readRun(runDir.dir);
    assert.equal(read.samples.length, 20_000 - 4);
    assert.deepEqual(
      read.samples.slice(4997, 5000).map((s) => s.t),
      [4998, 4999, 5001],
    );
    const sampleIssues = read.issues.filter((i) => i.file === 'samples.jsonl');
    assert.deepEqual(
      sampleIssues.map((i) => [i.line, i.message]),
      [
        [5000, 'not JSON'],
        [10_000, 'not JSON'],
        [15_000, 'not JSON'],
        [20_000, 'not JSON'],
      ],
    );
  });

  it('throws an LlhlsError for a directory that does not exist', async () => {
    await assert.rejects(
      readRun(join(root, 'nope')),
      (e: unknown) => e instanceof LlhlsError && e.code === 'LLHLS_RUN_FILE',
    );
  });
});
