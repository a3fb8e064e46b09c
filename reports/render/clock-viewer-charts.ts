import { HEADLINE_METRICS } from '../../src/metrics/headline.js';
import type { RunTable } from '../figures/run-table.js';
import { baseOptions, linearAxis } from './axes.js';
import { type ChartSpec, ReportSection } from './chart-spec.js';
import { alpha, colour } from './palette.js';

/** The clock offset before and after each run, as a bar spanning its uncertainty. */
export function clockChart(tables: readonly RunTable[]): ChartSpec {
  const rows = tables.flatMap((t) => t.clock.rows.map((r) => ({ run: t.run, ...r })));
  const labels = rows.map((r) => `${r.run} ${r.when} (${r.method})`);
  const unc = (u: number | null): number => u ?? 0;
  return {
    id: 'clock',
    section: ReportSection.Clock,
    title: 'Clock offset (this host minus the server), before and after each run',
    caption: `The bar spans offset ± uncertainty (half the best probe's round trip; ±500 ms for the Date header); the dot is the offset applied to every client instant. ${tables
      .map(
        (t) =>
          `${t.run}: drift ${t.clock.driftMs === null ? 'not measured' : `${t.clock.driftMs.toFixed(2)} ms`}`,
      )
      .join('; ')}.`,
    height: 90 + 40 * rows.length,
    config: {
      type: 'bar',
      data: {
        labels,
        datasets: [
          {
            label: 'offset ± uncertainty',
            data: rows.map((r) => [r.offsetMs - unc(r.uncertaintyMs), r.offsetMs + unc(r.uncertaintyMs)]),
            backgroundColor: alpha(colour(0), 0.4),
            borderColor: colour(0),
            borderWidth: 1,
            minBarLength: 2,
          },
        ],
      },
      options: baseOptions({
        indexAxis: 'y',
        interaction: { mode: 'nearest', intersect: true },
        scales: { x: linearAxis('offset (ms)') },
        plugins: {
          annotation: {
            annotations: Object.fromEntries(
              rows.map((r, i) => [
                `offset${i}`,
                {
                  type: 'point',
                  xValue: r.offsetMs,
                  yValue: labels[i],
                  radius: 4,
                  backgroundColor: '#000000',
                },
              ]),
            ),
          },
        },
      }),
    },
  };
}

/** Per-viewer spread of the node client's headline metric (--viewers > 1). */
export function viewersChart(t: RunTable, index: number): ChartSpec | null {
  if (t.viewers.length < 2) return null;
  const metric = HEADLINE_METRICS.find((m) => t.viewers.some((v) => v.metrics.some((x) => x.metric === m)));
  if (metric === undefined) return null;
  const figure = (v: RunTable['viewers'][number], key: 'p50' | 'p95' | 'max'): number | null =>
    v.metrics.find((m) => m.metric === metric)?.[key] ?? null;
  return {
    id: `viewers-${index}`,
    section: ReportSection.Viewers,
    title: `${t.run}: ${metric} per viewer`,
    caption: `p50, p95 and max of each simulated viewer after warm-up (${t.viewers.length} viewers): the spread shows whether load or scheduling treats viewers unevenly.`,
    height: 300,
    config: {
      type: 'bar',
      data: {
        labels: t.viewers.map((v) => `viewer ${v.viewer}`),
        datasets: (['p50', 'p95', 'max'] as const).map((k, i) => ({
          label: k,
          data: t.viewers.map((v) => figure(v, k)),
          backgroundColor: colour(i),
        })),
      },
      options: baseOptions({ scales: { y: linearAxis('ms', { beginAtZero: true }) } }),
    },
  };
}
