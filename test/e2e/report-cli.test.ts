/**
 * `llhls report` through the built CLI on runs recorded with llhls serve + llhls measure
 * (test/fixtures/runs/, see its README): the HTML in real Chromium, the PNGs, CSV, JUnit,
 * report.json against its schema, and the CI verdict's exit codes.
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ReportJson } from '../../reports/report-json.js';
import { type LaunchedBrowser, launchChromium, resolveBrowser } from '../../src/browser/chromium.js';
import { readRun } from '../../src/run/run-reader.js';
import { schemasDir } from '../../src/run/run-schemas.js';
import type { Sample } from '../../src/run/types.js';
import { buildCli, ROOT, runCli } from '../helpers/cli.js';

const RUNS = join(ROOT, 'test', 'fixtures', 'runs');
const BOTH = join(RUNS, 'both-short');
const VIEWERS = join(RUNS, 'node-viewers');
let work: string;
let browser: LaunchedBrowser;

/** A copy of a fixture run whose samples went through `change` (summary.json dropped: its
 *  figures would no longer match). */
async function changedCopy(name: string, change: (s: Sample, i: number) => Sample): Promise<string> {
  const dir = join(work, name);
  await cp(BOTH, dir, { recursive: true });
  await rm(join(dir, 'summary.json'));
  const read = await readRun(BOTH);
  const run = JSON.parse(await readFile(join(BOTH, 'run.json'), 'utf8'));
  run.label = name;
  await writeFile(join(dir, 'run.json'), JSON.stringify(run));
  await writeFile(
    join(dir, 'samples.jsonl'),
    `${read.samples.map((s, i) => JSON.stringify(change(s, i))).join('\n')}\n`,
  );
  return dir;
}

/** Counts pixels that are not (nearly) white in an image or a canvas, inside the page. */
async function inkedPixels(
  page: import('playwright-core').Page,
  selectorOrUrl: string,
  isCanvas: boolean,
): Promise<number> {
  return page.evaluate(
    async ({ target, canvas }) => {
      let source: HTMLCanvasElement;
      if (canvas) source = document.querySelector(target) as HTMLCanvasElement;
      else {
        const img = new Image();
        img.src = target;
        await img.decode();
        source = document.createElement('canvas');
        source.width = img.width;
        source.height = img.height;
        source.getContext('2d')!.drawImage(img, 0, 0);
      }
      const { data } = source.getContext('2d')!.getImageData(0, 0, source.width, source.height);
      let inked = 0;
      for (let i = 0; i < data.length; i += 4) {
        const a = data[i + 3]!;
        if (a > 0 && (data[i]! < 200 || data[i + 1]! < 200 || data[i + 2]! < 200)) inked += 1;
      }
      return inked;
    },
    { target: selectorOrUrl, canvas: isCanvas },
  );
}

before(async () => {
  buildCli('report');
  work = await mkdtemp(join(tmpdir(), 'llhls-report-cli-'));
  browser = await launchChromium({ executablePath: resolveBrowser().executablePath, headed: false });
});

after(async () => {
  await browser?.close();
  await rm(work, { recursive: true, force: true });
});

describe('llhls report (CLI)', () => {
  it('writes a self-contained report: HTML draws every chart in Chromium with no network and no console error, PNGs not blank', async () => {
    const out = join(work, 'two-runs');
    const summaryFile = join(work, 'step-summary.md');
    await writeFile(summaryFile, '# earlier step\n');
    const result = await runCli(['report', BOTH, VIEWERS, '--out', out, '--json'], {
      env: { GITHUB_STEP_SUMMARY: summaryFile },
    });
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as ReportJson;
    // report.json is what --json printed, and it matches its schema.
    assert.deepEqual(JSON.parse(await readFile(join(out, 'report.json'), 'utf8')), report);
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    const validate = ajv.compile(
      JSON.parse(await readFile(join(schemasDir(), 'report.schema.json'), 'utf8')),
    );
    assert.ok(validate(report), JSON.stringify(validate.errors));
    assert.equal(report.reference, 'both-short');
    assert.ok(
      report.relative.some(
        (c) => c.run === 'node-viewers' && c.metric === 'capture_to_last_byte' && c.sd > 0,
      ),
    );

    const page = await browser.context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    const url = pathToFileURL(join(out, 'report.html')).href;
    await page.goto(url);
    await page.waitForSelector('body[data-charts-drawn]');
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, [url], 'the report fetched something besides itself');
    const ids = await page.$$eval('canvas', (cs) => cs.map((c) => c.id));
    assert.equal(await page.getAttribute('body', 'data-charts-drawn'), String(ids.length));
    for (const kind of [
      'timeline-',
      'breakdown-medians',
      'breakdown-',
      'cdf-',
      'hist-',
      'waterfall-',
      'clock',
      'viewers-',
    ]) {
      assert.ok(
        ids.some((id) => id.startsWith(kind)),
        `no ${kind} chart in ${ids.join(', ')}`,
      );
    }
    for (const id of ids) assert.ok((await inkedPixels(page, `#${id}`, true)) > 500, `canvas ${id} is blank`);

    assert.equal(report.files.png.length, ids.length);
    for (const png of report.files.png) {
      const data = await readFile(join(out, png));
      const inked = await inkedPixels(page, `data:image/png;base64,${data.toString('base64')}`, false);
      assert.ok(inked > 500, `${png} is blank`);
    }
    await page.close();

    // CSV: one row per sample of each run, and a summary row per run, client and metric.
    const samples = parseCsv(await readFile(join(out, 'samples.csv')), { columns: true }) as Array<
      Record<string, string>
    >;
    const both = await readRun(BOTH);
    const viewers = await readRun(VIEWERS);
    assert.equal(samples.length, both.samples.length + viewers.samples.length);
    assert.equal(samples.filter((r) => r['run'] === 'both-short').length, both.samples.length);
    const summaryRows = parseCsv(await readFile(join(out, 'summary.csv')), { columns: true }) as Array<
      Record<string, string>
    >;
    const metricCount = [both, viewers].reduce(
      (n, r) => n + (r.summary?.clients.flatMap((c) => c.metrics).length ?? 0),
      0,
    );
    assert.equal(summaryRows.length, metricCount);

    // summary.md appended to the step summary, after what was there.
    const step = await readFile(summaryFile, 'utf8');
    assert.match(step, /^# earlier step\n## llhls report/);
    assert.match(step, /13 pass/);
  });

  it('assertions: pass exits 0, a breach exits 1, a warn-level breach exits 0, a missing metric is a breach', async () => {
    const pass = await runCli([
      'report',
      BOTH,
      '--no-png',
      '--out',
      join(work, 'pass'),
      '--assert',
      'capture_to_display: p(95)<1s',
      '--assert',
      'browser.stalls: count==0',
      '--assert',
      'findings: failed==0',
    ]);
    assert.equal(pass.code, 0, pass.stdout + pass.stderr);
    assert.match(
      pass.stdout,
      /✓ capture_to_display: p\(95\)<1s {2}both-short browser: 349 ms, limit < 1000 ms/,
    );
    assert.match(pass.stdout, /verdict: pass/);

    const breach = await runCli([
      'report',
      BOTH,
      '--no-png',
      '--out',
      join(work, 'breach'),
      '--assert',
      'capture_to_last_byte: p(95)<50ms',
    ]);
    assert.equal(breach.code, 1, breach.stdout + breach.stderr);
    assert.match(
      breach.stdout,
      /✗ capture_to_last_byte: p\(95\)<50ms {2}both-short node: 92 ms, limit < 50 ms/,
    );

    const warn = await runCli([
      'report',
      BOTH,
      '--no-png',
      '--out',
      join(work, 'warn'),
      '--warn',
      'capture_to_last_byte: p(95)<50ms',
    ]);
    assert.equal(warn.code, 0, warn.stdout + warn.stderr);
    assert.match(warn.stdout, /⚠ capture_to_last_byte: p\(95\)<50ms/);

    // node-viewers ran no browser: no capture_to_display samples is a breach, never a pass.
    const missing = await runCli([
      'report',
      VIEWERS,
      '--no-png',
      '--out',
      join(work, 'missing'),
      '--assert',
      'capture_to_display: p(95)<10s',
    ]);
    assert.equal(missing.code, 1, missing.stdout + missing.stderr);
    assert.match(
      missing.stdout,
      /✗ capture_to_display: p\(95\)<10s {2}node-viewers: no value \(no samples from any client\)/,
    );

    // JUnit: well-formed, a test case per check, the breach a failure.
    const xml = await readFile(join(work, 'breach', 'junit.xml'), 'utf8');
    assert.equal(XMLValidator.validate(xml), true);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(xml);
    const suite = doc.testsuites.testsuite;
    const cases = [suite.testcase].flat();
    assert.equal(suite['@_failures'], '2');
    assert.equal(cases.filter((c: Record<string, unknown>) => c['failure'] !== undefined).length, 2);
  });

  it('--config llhls.yaml holds the same assertions; unknown keys are refused by name (exit 2)', async () => {
    const config = join(work, 'llhls.yaml');
    await writeFile(
      config,
      "assert:\n  - 'capture_to_last_byte: p(95)<50ms'\nwarn:\n  - 'browser.stalls: count==0'\n",
    );
    const r = await runCli(['report', BOTH, '--no-png', '--out', join(work, 'config'), '--config', config]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /✗ capture_to_last_byte: p\(95\)<50ms/);
    assert.match(r.stdout, /✓ browser.stalls: count==0/);
    await writeFile(config, "asert:\n  - 'x'\n");
    const typo = await runCli(['report', BOTH, '--no-png', '--config', config]);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /unknown key 'asert'/);
  });

  it('--baseline: a noise-only difference over the tolerance passes; a real regression fails', async () => {
    let i = 0;
    // Parts alternate, 8 at a time, between a slow and a fast mode: the median can land in
    // either, so a +10% p50 is within the noise.
    const noisy = await changedCopy('noisy', (s) =>
      s.type === 'media' &&
      s.client === 'node' &&
      s.capture_to_last_byte !== null &&
      s.capture_to_last_byte < 76
        ? { ...s, capture_to_last_byte: s.capture_to_last_byte * (Math.floor(i++ / 8) % 2 === 0 ? 1.2 : 0.6) }
        : s,
    );
    const ok = await runCli([
      'report',
      noisy,
      '--baseline',
      BOTH,
      '--max-regression',
      '10%',
      '--no-png',
      '--out',
      join(work, 'noisy-report'),
      '--json',
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    const report = JSON.parse(ok.stdout) as ReportJson;
    const p50 = report.verdict?.regressions.find((r) => r.client === 'node' && r.p === 50);
    assert.ok(
      p50 !== undefined && p50.change !== null && p50.change > 0.1 && p50.low! < 0,
      JSON.stringify(p50),
    );
    assert.equal(p50.ok, true);

    const slower = await changedCopy('slower', (s) => {
      if (s.type === 'frame' && s.capture_to_display !== null)
        return { ...s, capture_to_display: s.capture_to_display * 1.3 };
      if (s.type === 'media' && s.capture_to_last_byte !== null)
        return { ...s, capture_to_last_byte: s.capture_to_last_byte * 1.3 };
      return s;
    });
    const bad = await runCli([
      'report',
      slower,
      '--baseline',
      BOTH,
      '--no-png',
      '--out',
      join(work, 'slower-report'),
    ]);
    assert.equal(bad.code, 1, bad.stdout + bad.stderr);
    assert.match(bad.stdout, /✗ slower browser capture_to_display p50 454 ms vs 349 ms in both-short: \+30%/);
  });

  it('a corrupt, truncated run: the problems named by file and line, what is valid still reported', async () => {
    const out = join(work, 'corrupt');
    const r = await runCli([
      'report',
      join(RUNS, 'crashed-corrupt'),
      '--no-png',
      '--out',
      out,
      '--assert',
      'capture_to_last_byte: p(50)<1s',
    ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /problem in summary.json: missing/);
    assert.match(r.stdout, /problem in samples.jsonl:40: not JSON/);
    assert.match(r.stdout, /problem in samples.jsonl:60: \(root\) must have required property 't'/);
    assert.match(r.stdout, /problem in samples.jsonl:98: truncated last line/);
    assert.match(r.stdout, /✓ capture_to_last_byte: p\(50\)<1s {2}crashed node: 7\d ms/);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as ReportJson;
    assert.equal(report.runs[0]?.summarySource, 'recomputed');
    assert.equal((await readdir(out)).includes('report.html'), true);
    // Findings were known only to the client: asserting on them is a breach, not a pass.
    const findings = await runCli([
      'report',
      join(RUNS, 'crashed-corrupt'),
      '--no-png',
      '--out',
      out,
      '--assert',
      'findings: failed==0',
    ]);
    assert.equal(findings.code, 1);
    assert.match(findings.stdout, /findings unknown/);
  });

  it('PNGs that cannot be drawn (no Chromium): the rest written, the verdict printed, why on stderr, exit 1', async () => {
    const out = join(work, 'no-chromium');
    const missing = join(work, 'no-such-chromium');
    const r = await runCli([
      'report',
      BOTH,
      '--browser',
      missing,
      '--out',
      out,
      '--assert',
      'findings: failed==0',
    ]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /✓ findings: failed==0/);
    assert.match(r.stdout, /verdict: pass/);
    assert.match(r.stderr, /^llhls: no PNGs: --browser names .*no-such-chromium, which does not exist/m);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as ReportJson;
    assert.deepEqual(report.files.png, []);
    assert.match(report.files.pngError ?? '', /no-such-chromium/);
    assert.equal(report.ok, true);
    for (const file of ['report.html', 'samples.csv', 'summary.csv', 'summary.md', 'junit.xml'])
      assert.ok((await readdir(out)).includes(file), file);
  });

  it('runs whose samples need more heap than V8 gives: the report runs again with what it needs, same output and exit', async () => {
    const out = join(work, 'more-heap');
    // A 150 MB limit (~200 MB with the young generation) is less than the 256 MB a report takes
    // with no samples at all (src/cli/report-heap.ts): the report must make room for itself.
    const r = await runCli(
      ['report', BOTH, '--no-png', '--out', out, '--assert', 'findings: failed==0', '--json'],
      { env: { NODE_OPTIONS: '--max-old-space-size=150' } },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /^llhls: the runs' samples take 1 MB: .* running it with --max-old-space-size=257$/m,
    );
    // One --json document, the child's: the parent printed nothing of its own on stdout.
    const report = JSON.parse(r.stdout) as ReportJson;
    assert.equal(report.ok, true);
    assert.ok((await readdir(out)).includes('samples.csv'));
    // Under a breach the child's exit status is the command's.
    const failing = await runCli(
      ['report', BOTH, '--no-png', '--out', join(work, 'more-heap-fail'), '--assert', 'findings: failed>0'],
      {
        env: { NODE_OPTIONS: '--max-old-space-size=150' },
      },
    );
    assert.equal(failing.code, 1, failing.stderr);
    assert.match(failing.stdout, /verdict: FAIL/);
  });

  it('usage errors exit 2 with one line, or {"error"} under --json; did you mean; help', async () => {
    const none = await runCli(['report']);
    assert.equal(none.code, 2);
    assert.equal(none.stderr.trim().split('\n').length, 1, none.stderr);
    const noBaseline = await runCli(['report', BOTH, '--max-regression', '10%', '--json']);
    assert.equal(noBaseline.code, 2);
    assert.deepEqual(JSON.parse(noBaseline.stdout).error.code, 'LLHLS_INVALID_FLAG');
    assert.match(JSON.parse(noBaseline.stdout).error.message, /--baseline/);
    const unknownFlag = await runCli(['report', BOTH, '--bogus', '--json']);
    assert.equal(unknownFlag.code, 2);
    assert.ok(unknownFlag.stdout.length < 500, `${unknownFlag.stdout.length} bytes`);
    assert.deepEqual(JSON.parse(unknownFlag.stdout), {
      error: { code: 'LLHLS_USAGE', message: 'Nonexistent flag: --bogus (see llhls report --help)' },
    });
    const flagTypo = await runCli(['report', BOTH, '--assrt', 'x']);
    assert.equal(flagTypo.code, 2);
    assert.equal(
      flagTypo.stderr,
      'llhls: Nonexistent flag: --assrt: did you mean --assert? (see llhls report --help)\n',
    );
    const typo = await runCli(['reprot', BOTH]);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /did you mean llhls report\?/);
    const help = await runCli(['help', 'report']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--max-regression/);
    const notARun = await runCli(['report', join(ROOT, 'docs')]);
    assert.equal(notARun.code, 2);
    assert.match(notARun.stderr, /holds no run/);
  });
});
