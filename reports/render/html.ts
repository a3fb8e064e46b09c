import { relativeText } from '../figures/relative.js';
import type { RunTable } from '../figures/run-table.js';
import { type ReportModel, sourceNote } from '../report-model.js';
import { type ChartSpec, ReportSection, SECTION_ANCHOR } from './chart-spec.js';
import { comparisonHtml } from './comparison-table.js';
import { fmtMs, escapeHtml as h } from './format.js';
import { checkLine, checkMark, regressionLine } from './verdict-lines.js';

/** The JavaScript the page inlines: chart.js and its annotation plugin, read from node_modules. */
export interface ChartScripts {
  chartJs: string;
  annotationPlugin: string;
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1a1a1a;background:#fff}
main{max-width:1180px;margin:0 auto;padding:16px 24px 48px}
h1{font-size:22px;margin:8px 0}h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
h3{font-size:15px;margin:20px 0 4px}
table{border-collapse:collapse;margin:6px 0 12px;font-variant-numeric:tabular-nums}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:right;vertical-align:top}
th{background:#f5f5f5}td.l,th.l{text-align:left}
.chart{position:relative;width:100%}
figure{margin:8px 0 24px}figcaption{color:#444;font-size:12.5px;margin-top:4px}
.ok{color:#0a7d32}.bad{color:#b00020}.warn{color:#9a6700}
.banner{padding:8px 12px;border-radius:4px;margin:8px 0;font-weight:600}
.banner.ok{background:#e7f6ec}.banner.bad{background:#fde8eb}
code{font-size:12.5px}details{margin:6px 0}
ul.issues li{color:#b00020}
`;

function table(head: string[], rows: string[][], leftColumns = 1): string {
  const cell = (tag: string, text: string, i: number): string =>
    `<${tag}${i < leftColumns ? ' class="l"' : ''}>${text}</${tag}>`;
  return `<table><thead><tr>${head.map((c, i) => cell('th', h(c), i)).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function runSection(t: RunTable, model: ReportModel): string {
  const rel = (client: string, metric: string): string => {
    const cell = model.relative.find((c) => c.run === t.run && c.client === client && c.metric === metric);
    return cell === undefined ? '–' : relativeText(cell);
  };
  const withRelative = model.reference !== null;
  const metricRows = t.metrics.map((m) => [
    h(`${m.client} ${m.metric}`),
    String(m.count),
    fmtMs(m.p50),
    fmtMs(m.p90),
    fmtMs(m.p95),
    fmtMs(m.p99),
    fmtMs(m.max),
    h(m.captureSources.join(', ') || '–'),
    ...(withRelative ? [rel(m.client, m.metric)] : []),
  ]);
  const stallRows = t.stalls.map((s) => [
    h(`${s.client} ${s.phase}`),
    String(s.stalls.count),
    fmtMs(s.stalls.totalMs),
    fmtMs(s.stalls.longestMs),
    s.stalls.seek === undefined ? '–' : String(s.stalls.count - s.stalls.seek.count),
    s.stalls.seek === undefined ? '–' : String(s.stalls.seek.count),
  ]);
  const findingRows = t.findings.list.map((f) => [
    h(f.title),
    `<span class="${f.status === 'fail' ? 'bad' : f.status === 'warn' ? 'warn' : f.status === 'pass' ? 'ok' : ''}">${f.status === 'skip' ? 'not applicable' : f.status}</span>`,
    String(f.checked),
    String(f.failed),
    h(f.spec ?? ''),
    h(f.examples.slice(0, 2).join(' | ')),
  ]);
  return `<h2 id="run-${h(t.run)}">Run ${h(t.run)} <small>(${h(t.status)}${h(sourceNote(t.summarySource))})</small></h2>
${t.issues.length > 0 ? `<p class="bad">Problems in the run's files (what was valid is reported):</p><ul class="issues">${t.issues.map((i) => `<li>${h(i)}</li>`).join('')}</ul>` : ''}
<h3>Latency after warm-up (ms)</h3>
${table(['client metric', 'n', 'p50', 'p90', 'p95', 'p99', 'max', 'capture source', ...(withRelative ? [`Relative (p50, vs ${model.reference})`] : [])], metricRows)}
<p>Startup (load to first frame): ${t.startup.map((s) => `${h(s.client)} ${s.ms === null ? '–' : `${fmtMs(s.ms)} ms`}`).join(', ')}</p>
<h3>Stalls</h3>
${table(['client, when', 'stalls', 'total ms', 'longest ms', 'underrun', 'seek'], stallRows)}
<h3>Protocol findings: ${h(t.findings.text)}</h3>
${findingRows.length > 0 ? table(['check', 'status', 'checked', 'failed', 'spec', 'examples'], findingRows) : ''}
<h3>Warnings</h3>
${t.warnings.length === 0 ? '<p>none</p>' : `<ul>${t.warnings.map((w) => `<li>${h(w)}</li>`).join('')}</ul>`}
<details><summary>Configuration</summary>${table(
    ['', ''],
    t.configuration.map((c) => [h(c.name), `<code>${h(c.value)}</code>`]),
    2,
  )}</details>`;
}

/** Several runs side by side: each client's metrics, p50 / p95 (n) per run, and Relative. */
function comparisonSection(model: ReportModel): string {
  if (model.runs.length < 2) return '';
  const keys: Array<{ client: string; metric: string }> = [];
  for (const t of model.runs) {
    for (const m of t.metrics) {
      if (!keys.some((k) => k.client === m.client && k.metric === m.metric))
        keys.push({ client: m.client, metric: m.metric });
    }
  }
  const rows = keys.map((k) => [
    h(`${k.client} ${k.metric}`),
    ...model.runs.flatMap((t) => {
      const m = t.metrics.find((x) => x.client === k.client && x.metric === k.metric);
      const rel = model.relative.find(
        (c) => c.run === t.run && c.client === k.client && c.metric === k.metric,
      );
      return [
        m === undefined ? '–' : `${fmtMs(m.p50)} / ${fmtMs(m.p95)} (${m.count})`,
        rel === undefined ? '–' : relativeText(rel),
      ];
    }),
  ]);
  return `<h2>Runs side by side</h2><p>p50 / p95 in ms (samples after warm-up); Relative: p50 against ${h(model.reference ?? '')} ± the standard deviation of a seeded bootstrap.</p>
${table(['client metric', ...model.runs.flatMap((t) => [t.run, 'Relative'])], rows)}`;
}

function verdictSection(model: ReportModel): string {
  const v = model.verdict;
  if (v === null) return '';
  const rows = v.checks.map((c) => [
    `<span class="${c.ok ? 'ok' : c.level === 'warn' ? 'warn' : 'bad'}">${checkMark(c)}</span>`,
    h(checkLine(c).slice(2)),
  ]);
  const reg = v.regressions.map((r) => [
    `<span class="${r.ok ? 'ok' : 'bad'}">${checkMark(r)}</span>`,
    h(regressionLine(r).slice(2)),
  ]);
  return `<h2>Verdict</h2><div class="banner ${v.ok ? 'ok' : 'bad'}">${v.ok ? 'PASS' : `FAIL: ${v.breaches} breach(es)`}${v.warnings > 0 ? `, ${v.warnings} warning(s)` : ''}</div>
${table(['', 'check'], [...rows, ...reg], 2)}${v.method === null ? '' : `<p>${h(v.method)}.</p>`}`;
}

/** JSON inside a <script> element: `<` escaped so no `</script>` can close it early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c');
}

const INIT = `
(function () {
  var specs = JSON.parse(document.getElementById('llhls-charts').textContent);
  var plugin = window['chartjs-plugin-annotation'];
  if (plugin) Chart.register(plugin);
  Chart.defaults.font.family = 'system-ui, sans-serif';
  var drawn = 0;
  specs.forEach(function (spec) {
    try {
      var cfg = spec.config;
      cfg.options.plugins = cfg.options.plugins || {};
      cfg.options.plugins.tooltip = { callbacks: { label: function (ctx) {
        var r = ctx.raw;
        if (r && typeof r === 'object' && typeof r.label === 'string') return r.label;
        return undefined;
      } } };
      new Chart(document.getElementById(spec.id), cfg);
      drawn += 1;
    } catch (e) {
      console.error('llhls report: chart ' + spec.id + ' failed: ' + e);
    }
  });
  document.body.setAttribute('data-charts-drawn', String(drawn));
})();
`;

/**
 * The report page: one self-contained file (chart.js, its annotation plugin and every chart's
 * data inlined), so it opens from file:// or a CI artifact with no network request.
 */
export function renderHtml(
  model: ReportModel,
  charts: readonly ChartSpec[],
  scripts: ChartScripts,
  generatedAt: Date,
): string {
  const figure = (c: ChartSpec): string =>
    `<figure><h3>${h(c.title)}</h3><div class="chart" style="height:${c.height}px"><canvas id="${h(c.id)}" data-chart="${h(c.id)}"></canvas></div><figcaption>${h(c.caption)}</figcaption></figure>`;
  // The comparison's charts belong to its one section, under its table.
  const sections = [...new Set(charts.map((c) => c.section))].filter((s) => s !== ReportSection.Comparison);
  const chartHtml = sections
    .map(
      (section) =>
        `<section id="${SECTION_ANCHOR[section]}"><h2>${h(section)}</h2>${charts
          .filter((c) => c.section === section)
          .map(figure)
          .join('\n')}</section>`,
    )
    .join('\n');
  const comparisonFigures = charts
    .filter((c) => c.section === ReportSection.Comparison)
    .map(figure)
    .join('\n');
  const title =
    model.comparison === null
      ? `llhls report: ${model.runs.map((r) => r.run).join(', ')}`
      : `llhls compare: ${model.comparison.rows.map((r) => r.configuration).join(', ')}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${h(title)}</title><style>${CSS}</style></head>
<body><main>
<h1>${h(title)}</h1>
<p>Generated ${h(generatedAt.toISOString())} by llhls report. Percentiles: ${h(model.percentileMethod)}. Vocabulary: capture, publish, last byte, display as in llhls's MEASUREMENT.md; every instant on the server clock.</p>
${verdictSection(model)}
${model.comparison === null ? comparisonSection(model) : comparisonHtml(model.comparison, comparisonFigures)}
${model.runs.map((t) => runSection(t, model)).join('\n')}
${chartHtml}
</main>
<script>${scripts.chartJs.replaceAll('</script', '<\\/script')}</script>
<script>${scripts.annotationPlugin.replaceAll('</script', '<\\/script')}</script>
<script type="application/json" id="llhls-charts">${scriptJson(charts.map((c) => ({ id: c.id, config: c.config })))}</script>
<script>${INIT}</script>
</body></html>
`;
}
