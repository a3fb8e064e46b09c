/**
 * A comparison's report names its one idea once: the table and the comparison's charts in one
 * section, "Configurations side by side" at #configurations, in report.html and summary.md alike;
 * every chart section has its own anchor.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReportSection, SECTION_ANCHOR } from '../../../../reports/render/chart-spec.js';
import { renderHtml } from '../../../../reports/render/html.js';
import { summaryMarkdown } from '../../../../reports/render/markdown.js';
import { reportCharts } from '../../../../reports/render/report-charts.js';
import { buildReportModel } from '../../../../reports/report-model.js';
import { fixtureRun } from '../fixture-runs.js';

const SCRIPTS = { chartJs: '', annotationPlugin: '' };

describe('comparison report headings', () => {
  it('one section holds the table and the comparison charts; each chart section has its anchor', async () => {
    const [a, b] = await Promise.all([fixtureRun('both-short'), fixtureRun('node-viewers')]);
    const run = (r: typeof a) => ({
      repeat: 1,
      status: 'complete' as const,
      error: null,
      run: r,
      cpuPercent: 10,
      rssBytes: 1e8,
      proxyBytesPerSecond: null,
    });
    const model = buildReportModel([a, b], {
      reference: a,
      comparison: {
        reference: 'a',
        configurations: [
          { name: 'a', description: 'x', network: null, player: 'hls.js', runs: [run(a)] },
          { name: 'b', description: 'y', network: null, player: null, runs: [run(b)] },
        ],
      },
    });
    const charts = reportCharts(model);
    assert.ok(charts.some((c) => c.section === ReportSection.Comparison));
    const html = renderHtml(model, charts, SCRIPTS, new Date(0));
    const headings = [...html.matchAll(/<h2[^>]*>([^<]*)/g)].map((m) => m[1]!.trim());
    assert.equal(headings.filter((t) => /^Configurations/.test(t)).length, 1, headings.join(' | '));
    assert.equal(new Set(headings).size, headings.length, `a heading twice: ${headings.join(' | ')}`);
    // The comparison's charts are inside its section, after its table.
    const section =
      /<section id="configurations"><h2>Configurations side by side<\/h2>([\s\S]*?)<\/section>/.exec(html);
    assert.ok(section !== null);
    for (const c of charts.filter((x) => x.section === ReportSection.Comparison))
      assert.ok(section[1]!.includes(`<canvas id="${c.id}"`), c.id);
    // Every other chart section: one anchor each; no id in the page names two elements (a chart
    // whose canvas id is a section's anchor is not drawn: chart.js finds the section).
    const anchors = [...html.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1]!);
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!);
    assert.equal(new Set(ids).size, ids.length, ids.join(' '));
    for (const c of charts) assert.ok(!anchors.includes(c.id), c.id);
    for (const s of new Set(charts.map((c) => c.section))) assert.ok(anchors.includes(SECTION_ANCHOR[s]), s);
    assert.match(summaryMarkdown(model), /^### Configurations side by side$/m);
  });
});
