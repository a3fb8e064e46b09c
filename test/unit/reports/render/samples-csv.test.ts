import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import {
  SAMPLE_COLUMNS,
  SAMPLES_CSV_OPTIONS,
  sampleRows,
  samplesCsvPieces,
} from '../../../../reports/render/csv.js';
import { writeReport } from '../../../../reports/write-report.js';
import { errorSample, everySample, stallSample } from '../../src/run/every-sample.js';
import { fixtureRun } from '../fixture-runs.js';

describe('samples.csv, written in pieces', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('is the header once, then one row per sample of every run, as one string would have it', async () => {
    const runs = [await fixtureRun('both-short'), await fixtureRun('node-viewers')];
    const out = await mkdtemp(join(tmpdir(), 'llhls-samples-csv-'));
    dirs.push(out);
    await writeReport(runs, { out, png: false });
    const text = await readFile(join(out, 'samples.csv'), 'utf8');
    // The stream writes what csv-stringify writes in one piece for the same rows.
    assert.equal(text, stringify([...sampleRows(runs)], SAMPLES_CSV_OPTIONS));
    const rows = parse(text) as string[][];
    assert.deepEqual(rows[0], [...SAMPLE_COLUMNS]);
    const samples = runs.reduce((n, r) => n + r.samples.length, 0);
    assert.ok(samples > 1000, `${samples} samples`);
    assert.equal(rows.length, samples + 1);
    // Cut anywhere (7 rows a piece, a last piece short), the pieces are the same text.
    assert.equal([...samplesCsvPieces(runs, 7)].join(''), text);
    assert.equal([...samplesCsvPieces([])].join(''), `${SAMPLE_COLUMNS.join(',')}\n`);
  });

  it('writes every field as csv-stringify does: quotes, commas, line breaks, empty, null, booleans', async () => {
    const base = await fixtureRun('misbehaving');
    const t = base.startedAt + 1000;
    const run = {
      ...base,
      label: 'a "quoted", label',
      samples: [
        ...base.samples,
        ...everySample(t),
        errorSample(t, { message: 'said "no", then\nclosed\r\n', uri: '' }),
        errorSample(t, { message: 'plain', code: 'a,b' }),
        stallSample(t),
      ],
    };
    const runs = [run, await fixtureRun('crashed-corrupt')];
    assert.equal(
      [...samplesCsvPieces(runs, 3)].join(''),
      stringify([...sampleRows(runs)], SAMPLES_CSV_OPTIONS),
    );
  });
});
