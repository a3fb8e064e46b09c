import type { ComparisonTable, ConfigurationRow, Spread } from '../figures/configuration-table.js';
import { relativeText } from '../figures/relative.js';
import { ReportSection, SECTION_ANCHOR } from './chart-spec.js';
import { fmtMs, escapeHtml as h } from './format.js';

/** `312` for one run; `312 (298–330)`: the median run's figure and the range over the runs. */
export function spreadText(s: Spread | null, format: (v: number) => string): string {
  if (s === null) return '–';
  return s.n <= 1 || s.min === s.max
    ? format(s.median)
    : `${format(s.median)} (${format(s.min)}–${format(s.max)})`;
}

const whole = (v: number): string => String(Math.round(v));

export function comparisonHead(table: ComparisonTable): string[] {
  return [
    'configuration',
    'network',
    'client: latency',
    'p50 ms',
    'p95 ms',
    `Relative (p50 vs ${table.reference})`,
    'startup ms',
    'stalls: count / ms',
    'findings failed',
    'streamer CPU %',
    'streamer RSS MB',
    'served kB/s',
  ];
}

/** One configuration's cells: those it has once (`shared`, `tail`) and a line per client. */
export interface ComparisonCells {
  row: ConfigurationRow;
  shared: [string, string];
  clients: string[][];
  tail: string[];
}

/** The table's text, cell by cell (HTML escapes it, Markdown pipes it). Pure. */
export function comparisonCells(table: ComparisonTable): ComparisonCells[] {
  return table.rows.map((row) => {
    const state =
      row.status === 'complete'
        ? ''
        : ` (${row.status}${row.runs.total > 1 ? `, ${row.runs.complete}/${row.runs.total} runs complete` : ''})`;
    const clients = row.clients.map((c) => {
      const pdtOnly = c.captureSources.length > 0 && c.captureSources.every((s) => s === 'program-date-time');
      return [
        `${c.client}${c.player === null ? '' : ` (${c.player})`}: ${c.metric ?? 'no latency'}${pdtOnly ? ' (PDT)' : ''}`,
        spreadText(c.p50, fmtMs),
        spreadText(c.p95, fmtMs),
        c.relative === null ? '–' : relativeText(c.relative),
        spreadText(c.startupMs, fmtMs),
        c.stalls === null ? '–' : `${c.stalls.count} / ${fmtMs(c.stalls.totalMs)}`,
      ];
    });
    const served =
      row.served === null
        ? '–'
        : `${spreadText(row.served.bytesPerSecond, (v) => whole(v / 1000))} (${row.served.source})`;
    return {
      row,
      shared: [`${row.configuration}${state}`, row.network ?? 'direct'],
      clients,
      tail: [
        row.findings === null
          ? '–'
          : row.findings.failed === 0
            ? '0'
            : `${row.findings.failed}: ${row.findings.ids.join(', ')}`,
        spreadText(row.cpuPercent, whole),
        spreadText(row.rssBytes, (v) => whole(v / 1e6)),
        served,
      ],
    };
  });
}

const NOTE =
  "One row per configuration and client; the browser client names its player. Latency: the client's headline figure after warm-up (capture_to_display for the browser, the simulated player's estimate for the Node client); \"(PDT)\": capture times from PROGRAM-DATE-TIME only, as good as the server's clock for it. With --repeat: the median run's figure and the range over runs. Relative: p50 against the reference ± the sd of the ratios of runs of the same round (with one run, of a seeded bootstrap). Stalls after warm-up, summed over runs. Streamer CPU: mean over the measured time of its whole process tree (100 = one core); RSS: its peak. Served: bytes sent to the clients per second, counted by the impairment proxy or, without one, from the responses the clients received.";

/**
 * The comparison as one HTML section: the table (configuration cells span their clients' lines),
 * its note, then `figures`, the comparison's charts, under the same heading.
 */
export function comparisonHtml(table: ComparisonTable, figures = ''): string {
  const head = comparisonHead(table);
  const body = comparisonCells(table)
    .map(({ row, shared, clients, tail }) => {
      const span = Math.max(1, clients.length);
      const spanned = (text: string, cls = ''): string =>
        `<td${cls}${span > 1 ? ` rowspan="${span}"` : ''}>${h(text)}</td>`;
      const first = [
        spanned(shared[0], ` class="l${row.status === 'complete' ? '' : ' bad'}"`),
        spanned(shared[1], ' class="l"'),
      ];
      const last = tail.map((t) => spanned(t));
      if (clients.length === 0) {
        return `<tr>${first.join('')}<td class="l bad" colspan="${head.length - 2}">${h(row.errors.join('; ') || row.status)}</td></tr>`;
      }
      const lines = clients.map(
        (cells, i) =>
          `<tr>${i === 0 ? first.join('') : ''}${cells.map((c, j) => `<td${j === 0 ? ' class="l"' : ''}>${h(c)}</td>`).join('')}${i === 0 ? last.join('') : ''}</tr>`,
      );
      const errors =
        row.errors.length === 0
          ? ''
          : `<tr><td class="l bad" colspan="${head.length}">${h(`${row.configuration}: ${row.errors.join('; ')}`)}</td></tr>`;
      return lines.join('') + errors;
    })
    .join('');
  return `<section id="${SECTION_ANCHOR[ReportSection.Comparison]}"><h2>${h(ReportSection.Comparison)}</h2>
<table><thead><tr>${head.map((c, i) => `<th${i < 3 ? ' class="l"' : ''}>${h(c)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table>
<p>${h(NOTE)}</p>
${figures}</section>`;
}

const md = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The comparison as Markdown table lines (summary.md, and what llhls compare prints). */
export function comparisonMarkdown(table: ComparisonTable): string[] {
  const head = comparisonHead(table);
  const out = [
    `| ${head.map(md).join(' | ')} |`,
    `| ${head.map((_, i) => (i < 3 ? '---' : '---:')).join(' | ')} |`,
  ];
  for (const { row, shared, clients, tail } of comparisonCells(table)) {
    if (clients.length === 0) {
      out.push(
        `| ${md(shared[0])} | ${md(shared[1])} | ${md(row.errors.join('; ') || row.status)} |${' |'.repeat(head.length - 3)}`,
      );
      continue;
    }
    clients.forEach((cells, i) => {
      const first = i === 0 ? shared : ['', ''];
      const last = i === 0 ? tail : tail.map(() => '');
      out.push(`| ${[...first, ...cells, ...last].map(md).join(' | ')} |`);
    });
    for (const error of row.errors)
      out.push(`| ${md(row.configuration)} | | ${md(`failed ${error}`)} |${' |'.repeat(head.length - 3)}`);
  }
  return out;
}

export { NOTE as COMPARISON_NOTE };
