/**
 * artillery-engine-llhls for real: `artillery run` (Artillery 2 on Node 22, installed once into a
 * cache, see test/helpers/artillery.ts) of 12 virtual users, each one LL-HLS viewer of the Node
 * client, against `llhls serve` on loopback (port 0, passed with --target). Its JSON output holds
 * the llhls metrics; Artillery's `ensure` passes on them, and fails (exit 1) on a limit the
 * physics breaks; `llhls report` renders that output with the same assertions as a run.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ReportJson } from '../../reports/report-json.js';
import { schemasDir } from '../../src/run/run-schemas.js';
import { type ArtilleryTool, prepareArtillery, runArtillery } from '../helpers/artillery.js';
import { buildCli, type CliResult, runCli } from '../helpers/cli.js';
import { startTestServe, type TestServe } from '../helpers/serve.js';

interface ScenarioSpec {
  seconds: number;
  rate: number;
  play: string;
  warmup: string;
  ensure: object;
}

/** Writes a scenario (phases, the viewer's play, ensure; YAML is JSON's superset) into `work`. */
async function writeScenario(name: string, o: ScenarioSpec): Promise<string> {
  const path = join(work, name);
  const script = {
    config: {
      target: 'http://127.0.0.1:9/replaced-by-target.m3u8',
      phases: [{ duration: o.seconds, arrivalRate: o.rate }],
      engines: { llhls: {} },
      // Artillery 2.0.34 loads its ensure plugin only when named under plugins.
      plugins: { ensure: o.ensure },
    },
    scenarios: [{ name: 'viewer', engine: 'llhls', llhls: { duration: o.play, warmup: o.warmup } }],
  };
  await writeFile(path, JSON.stringify(script, null, 2));
  return path;
}

let tool: ArtilleryTool;
let serve: TestServe;
let work: string;
let output: string;
let passingRun: Promise<CliResult>;
let impossibleRun: Promise<CliResult>;

before(async () => {
  const started = Date.now();
  tool = prepareArtillery();
  buildCli('report');
  serve = await startTestServe();
  work = await mkdtemp(join(tmpdir(), 'llhls-artillery-'));
  output = join(work, 'viewers.json');
  // Both runs at once: each spends ~10 s starting Artillery and waiting for its period boundary.
  const passing = await writeScenario('viewers.yml', {
    seconds: 2,
    rate: 6,
    play: '8s',
    warmup: '2s',
    ensure: {
      // Generous (a loaded machine), but each needs the metric to exist: a missing one fails.
      thresholds: [{ 'llhls.delivery.p99': 30_000 }, { 'llhls.startup.max': 30_000 }],
      conditions: [{ expression: 'llhls.parts > 100' }],
    },
  });
  const impossible = await writeScenario('impossible.yml', {
    seconds: 1,
    rate: 2,
    play: '3s',
    warmup: '0',
    // A 0.1 s part's last byte cannot arrive within 50 ms of its first frame's capture.
    ensure: { thresholds: [{ 'llhls.capture_to_last_byte.min': 50 }] },
  });
  const run = (script: string, out: string): Promise<CliResult> =>
    runArtillery(tool, ['run', '--target', serve.url, '--output', out, script], work);
  passingRun = run(passing, output);
  impossibleRun = run(impossible, join(work, 'impossible.json'));
  process.stderr.write(
    `artillery: ready in ${((Date.now() - started) / 1000).toFixed(1)} s (install ${tool.installSeconds.toFixed(1)} s), node ${tool.node}\n`,
  );
});

after(async () => {
  // A failed before() leaves the runs going: let them end before the server does.
  await Promise.allSettled([passingRun, impossibleRun]);
  await serve?.close();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

describe('artillery-engine-llhls (artillery run)', () => {
  it('12 viewers emit the llhls metrics into the JSON output, and an ensure on them passes', async () => {
    const result = await passingRun;
    assert.equal(result.code, 0, `${result.stdout.slice(-3000)}\n${result.stderr.slice(-2000)}`);
    assert.match(result.stdout, /ok: llhls\.delivery\.p99 < 30000/);
    assert.match(result.stdout, /ok: llhls\.parts > 100/);
    const json = JSON.parse(await readFile(output, 'utf8')) as {
      aggregate: {
        counters: Record<string, number>;
        summaries: Record<string, { count: number; min: number }>;
      };
      intermediate: unknown[];
    };
    const { counters, summaries } = json.aggregate;
    assert.equal(counters['vusers.created'], 12);
    assert.equal(counters['vusers.failed'] ?? 0, 0);
    assert.equal(counters['vusers.completed'], 12);
    for (const metric of ['capture_to_last_byte', 'delivery', 'playlist_hold', 'startup']) {
      const s = summaries[`llhls.${metric}`];
      assert.ok(s !== undefined && s.count > 0, `llhls.${metric} in the output`);
    }
    // One startup per viewer; a part's last byte comes after its media was captured.
    assert.equal(summaries['llhls.startup']?.count, 12);
    assert.ok((summaries['llhls.capture_to_last_byte']?.min ?? 0) > 50);
    assert.ok((counters['llhls.parts'] ?? 0) > 100);
    // Every viewer's protocol checks are counted (skipped ones too).
    const findingViewers = Object.entries(counters)
      .filter(([name]) => /^llhls\.findings\.[\w-]+\.(pass|fail|warn|skip)$/.test(name))
      .reduce((n, [, v]) => n + v, 0);
    assert.ok(findingViewers >= 12, `finding counters: ${findingViewers}`);
    assert.ok(json.intermediate.length >= 1);
  });

  it('an ensure the figures break fails the run with exit code 1', async () => {
    const result = await impossibleRun;
    assert.equal(result.code, 1, `${result.stdout.slice(-3000)}\n${result.stderr.slice(-2000)}`);
    assert.match(result.stdout, /fail: llhls\.capture_to_last_byte\.min < 50/);
  });

  it('llhls report renders the output and checks the same assertions as a run', async () => {
    const out = join(work, 'report');
    const ok = await runCli([
      'report',
      output,
      '--no-png',
      '--out',
      out,
      '--assert',
      'delivery: p(99)<30s',
      '--assert',
      'startup: count==12',
      '--assert',
      'findings: checked>0',
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /figures: Artillery's own summaries/);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as ReportJson;
    const validate = new Ajv2020({ allErrors: true }).compile(
      JSON.parse(await readFile(join(schemasDir(), 'report.schema.json'), 'utf8')),
    );
    assert.ok(validate(report), JSON.stringify(validate.errors));
    const run = report.runs[0]!;
    assert.equal(run.summarySource, 'artillery');
    const metrics = new Set<string>(run.metrics.map((m) => m.metric));
    for (const m of ['capture_to_last_byte', 'delivery', 'playlist_hold', 'startup'])
      assert.ok(metrics.has(m), m);
    const html = await readFile(join(out, 'report.html'), 'utf8');
    assert.match(html, /capture_to_last_byte p50 by Artillery/);
    assert.match(html, /\(complete, figures: Artillery's own summaries\)/);

    const breach = await runCli([
      'report',
      output,
      '--no-png',
      '--out',
      join(work, 'report-breach'),
      '--assert',
      'capture_to_last_byte: min<50ms',
      '--assert',
      'delivery: p(97)<30s',
    ]);
    assert.equal(breach.code, 1, breach.stderr);
    assert.match(breach.stdout, /✗ capture_to_last_byte: min<50ms/);
    assert.match(
      breach.stdout,
      /✗ delivery: p\(97\)<30s .*Artillery keeps p\(50\), p\(75\), p\(90\), p\(95\), p\(99\), p\(99.9\) only/,
    );
  });
});
