import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { AssertionLevel, parseAssertion } from '../../../reports/verdict/assertion.js';
import { writeReport } from '../../../reports/write-report.js';
import { fixtureRun } from './fixture-runs.js';

describe('writeReport', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('writes the verdict first: a failure writing samples.csv (here a directory in its way) leaves report.json, junit.xml and summary.md', async () => {
    const runs = [await fixtureRun('both-short')];
    const out = await mkdtemp(join(tmpdir(), 'llhls-write-report-'));
    dirs.push(out);
    await mkdir(join(out, 'samples.csv'));
    // A breach: the verdict a CI job must not lose.
    const assertions = [parseAssertion('findings: failed==0', AssertionLevel.Error, '--assert')];
    const breach = [parseAssertion('capture_to_last_byte: p(50)<0.001ms', AssertionLevel.Error, '--assert')];
    await assert.rejects(
      writeReport(runs, { out, png: false, assertions: [...assertions, ...breach] }),
      /cannot write report.html or samples.csv in .*EISDIR.*the verdict is written \(report.json, summary.md, junit.xml\)/,
    );
    const json = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as {
      ok: boolean;
      verdict: { ok: boolean } | null;
    };
    assert.equal(json.ok, false);
    assert.equal(json.verdict?.ok, false);
    assert.match(await readFile(join(out, 'junit.xml'), 'utf8'), /<failure/);
    assert.ok((await stat(join(out, 'summary.md'))).size > 0);
  });

  it('names the PNGs in report.json once they are drawn (here none asked: an empty list)', async () => {
    const runs = [await fixtureRun('both-short')];
    const out = await mkdtemp(join(tmpdir(), 'llhls-write-report-'));
    dirs.push(out);
    const value = await writeReport(runs, { out, png: false });
    const json = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as typeof value;
    assert.deepEqual(json.files, value.files);
    assert.deepEqual(json.files.png, []);
    for (const name of ['report.html', 'samples.csv', 'summary.csv', 'summary.md', 'report.json']) {
      assert.ok((await stat(join(out, name))).size > 0, name);
    }
  });
});
