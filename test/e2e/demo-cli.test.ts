/**
 * `llhls demo` end to end through the built CLI: the test source served in-process (real FFmpeg,
 * real HTTP on loopback), measured by the Node client and hls.js in headless Chromium, and the
 * report written, all in one process.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ReportJson } from '../../reports/report-json.js';
import type { DemoResult } from '../../src/demo/demo-session.js';
import { readRun } from '../../src/run/run-reader.js';
import { schemasDir } from '../../src/run/run-schemas.js';
import { buildCli, progressRewrites, runCli, runCliInTerminal } from '../helpers/cli.js';

let work: string;

before(async () => {
  buildCli('demo');
  work = await mkdtemp(join(tmpdir(), 'llhls-demo-'));
});

after(async () => {
  await rm(work, { recursive: true, force: true });
});

test('llhls demo: serves, measures with both clients and writes the report, in one process; its progress line fits a 40-column terminal', async () => {
  const out = join(work, 'run');
  const json = join(work, 'demo.json');
  // stderr on a real 40-column pseudo-terminal (the live progress line), stdout (--json) to a file.
  const result = await runCliInTerminal(
    [
      'demo',
      '--duration',
      // Chromium takes a few seconds to start on a loaded 2-core machine: leave it time to play.
      '12s',
      '--warmup',
      '3s',
      '--resolution',
      '640x360',
      '--out',
      out,
      '--no-png',
      '--json',
    ],
    40,
    json,
  );
  assert.equal(result.code, 0, result.terminal);
  const demo = JSON.parse(await readFile(json, 'utf8')) as DemoResult;
  assert.equal(demo.run, out);
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  for (const [file, value] of [
    ['demo-result.schema.json', demo],
    ['report.schema.json', demo.report],
  ] as const) {
    const validate = ajv.compile(JSON.parse(await readFile(join(schemasDir(), file), 'utf8')));
    assert.ok(validate(value), `${file}: ${JSON.stringify(validate.errors)}`);
  }
  assert.match(result.terminal, /serving the test source: http:\/\/127\.0\.0\.1:\d+\/playlist\.m3u8/);
  const rewrites = progressRewrites(result.terminal);
  assert.ok(rewrites.length >= 3, JSON.stringify(result.terminal));
  for (const line of rewrites) assert.ok(line.length <= 39, `${line.length} columns: ${line}`);

  const read = await readRun(out);
  assert.deepEqual(read.issues, []);
  assert.equal(read.info?.status, 'complete');
  assert.deepEqual(
    read.info?.clients.map((c) => c.kind),
    ['node', 'browser'],
  );
  // run.json records the streamer the demo started, as serve's defaults at the asked size.
  assert.equal(read.info?.streamer?.['source'], 'test');
  assert.equal(read.info?.streamer?.['width'], 640);
  assert.equal(read.info?.streamer?.['partDuration'], 0.1);
  for (const client of ['node', 'browser'] as const) {
    const summary = read.summary?.clients.find((c) => c.client === client);
    assert.ok(summary !== undefined && summary.metrics.length > 0, `${client}: ${JSON.stringify(summary)}`);
  }
  assert.ok(read.samples.some((s) => s.type === 'frame' && s.captureSource === 'frame-code'));

  const report = JSON.parse(await readFile(join(out, 'report', 'report.json'), 'utf8')) as ReportJson;
  assert.deepEqual(report, demo.report);
  assert.equal(report.dir, join(out, 'report'));
  for (const file of ['report.html', 'samples.csv', 'summary.csv', 'summary.md']) {
    assert.ok(existsSync(join(out, 'report', file)), file);
  }
  assert.equal(report.runs[0]?.findings.fail, 0);
});

test('llhls demo refuses a run shorter than measure takes, as measure does', async () => {
  const result = await runCli(['demo', '--duration', '50ms', '--out', join(work, 'never-short')]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^llhls: --duration .*at least 100ms/);
  assert.equal(existsSync(join(work, 'never-short')), false);
});

test('llhls demo refuses a warm-up as long as the run, naming the flags', async () => {
  const result = await runCli(['demo', '--duration', '5s', '--warmup', '5s', '--out', join(work, 'never')]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^llhls: --warmup \(5 s\) must be shorter than --duration \(5 s\)/);
  assert.equal(existsSync(join(work, 'never')), false);
});
