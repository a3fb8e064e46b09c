import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadReportInputs, loadRuns } from '../../../reports/load-runs.js';
import { defaultReportDir } from '../../../reports/write-report.js';
import { LlhlsError } from '../../../src/errors.js';
import { RUNS_DIR } from './fixture-runs.js';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'llhls-load-runs-'));
  // A folder of runs as llhls measure leaves it: runs/<time>-<label>/, one with its report/ in it,
  // and something that is not a run beside them.
  for (const [name, fixture] of [
    ['20261130-120000-b', 'both-short'],
    ['20261130-110000-a', 'node-viewers'],
  ] as const) {
    await cp(join(RUNS_DIR, fixture), join(root, 'runs', name), { recursive: true });
  }
  await mkdir(join(root, 'runs', '20261130-120000-b', 'report'));
  await mkdir(join(root, 'runs', 'notes'));
});
after(() => rm(root, { recursive: true, force: true }));

describe('loadRuns', () => {
  it('a folder of runs: every run in it, in name (time) order; a run named twice is read once', async () => {
    const runs = await loadRuns([join(root, 'runs'), join(root, 'runs', '20261130-120000-b')]);
    assert.deepEqual(
      runs.map((r) => [r.dir, r.label]),
      [
        [join(root, 'runs', '20261130-110000-a'), 'node-viewers'],
        [join(root, 'runs', '20261130-120000-b'), 'both-short'],
      ],
    );
  });

  it('a path that is no run and holds none is an error naming it', async () => {
    await assert.rejects(
      loadRuns([join(root, 'runs', 'notes')]),
      (e: unknown) => e instanceof LlhlsError && /notes holds no run/.test(e.message) && e.exitCode === 2,
    );
    await assert.rejects(
      loadRuns([join(root, 'nowhere')]),
      (e: unknown) => e instanceof LlhlsError && /nowhere does not exist/.test(e.message) && e.exitCode === 2,
    );
  });

  it('a baseline labelled like a run stays apart from it; --baseline naming a folder of runs is refused', async () => {
    const { runs, baseline } = await loadReportInputs(
      [join(RUNS_DIR, 'both-short')],
      join(root, 'runs', '20261130-120000-b'),
    );
    assert.equal(runs[0]?.label, 'both-short');
    assert.equal(baseline?.label, 'both-short (baseline)');
    await assert.rejects(
      loadReportInputs([join(RUNS_DIR, 'both-short')], join(root, 'runs')),
      (e: unknown) =>
        e instanceof LlhlsError && /--baseline .* holds 2 runs: name one run directory/.test(e.message),
    );
  });
});

describe('defaultReportDir', () => {
  it('<run>/report/ for one run, reports-<YYYYMMDD-HHMMSS>/ in the working directory for several', async () => {
    const runs = await loadRuns([join(root, 'runs')]);
    const now = new Date(Date.UTC(2026, 10, 30, 12, 34, 56));
    assert.equal(defaultReportDir(runs.slice(0, 1), now), join(root, 'runs', '20261130-110000-a', 'report'));
    assert.equal(defaultReportDir(runs, now), resolve('reports-20261130-123456'));
  });
});
