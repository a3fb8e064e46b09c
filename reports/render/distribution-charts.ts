import type { MetricDistribution } from '../figures/distributions.js';
import { baseOptions, linearAxis } from './axes.js';
import { type ChartSpec, ReportSection } from './chart-spec.js';
import { alpha, colour } from './palette.js';

/** Series are coloured by run and client in the same order in every distribution chart. */
function seriesColour(keys: string[], key: string): string {
  const i = keys.indexOf(key);
  return colour(i < 0 ? keys.length : i);
}

export function distributionCharts(d: MetricDistribution, keys: string[]): ChartSpec[] {
  const name = (s: { run: string; client: string; count: number }): string =>
    `${s.run} ${s.client} (${s.count})`;
  const cdf: ChartSpec = {
    id: `cdf-${d.metric}`,
    section: ReportSection.Distribution,
    title: `${d.metric}: cumulative distribution`,
    caption: `Fraction of samples after warm-up at or below each latency, runs overlaid. A curve further left is lower latency; a long flat tail at the top is the unlucky few.`,
    height: 300,
    config: {
      type: 'scatter',
      data: {
        datasets: d.series.map((s) => {
          const c = seriesColour(keys, `${s.run}/${s.client}`);
          return {
            label: name(s),
            data: s.cdf,
            borderColor: c,
            backgroundColor: c,
            showLine: true,
            pointRadius: 0,
            stepped: 'before',
            borderWidth: 1.5,
          };
        }),
      },
      options: baseOptions({
        scales: { x: linearAxis('ms'), y: linearAxis('fraction of samples ≤ x', { min: 0, max: 1 }) },
      }),
    },
  };
  const width = (d.edges[1] ?? 0) - (d.edges[0] ?? 0);
  const hist: ChartSpec = {
    id: `hist-${d.metric}`,
    section: ReportSection.Distribution,
    title: `${d.metric}: histogram`,
    caption: `Fraction of samples after warm-up per ${Math.round(width * 10) / 10} ms bin (bins shared by every run, so the bars compare).`,
    height: 300,
    config: {
      type: 'bar',
      data: {
        labels: d.edges.slice(0, -1).map((e) => Math.round(e + width / 2)),
        datasets: d.series.map((s) => {
          const c = seriesColour(keys, `${s.run}/${s.client}`);
          return {
            label: name(s),
            data: s.histogram,
            backgroundColor: alpha(c, 0.7),
            borderColor: c,
            borderWidth: 1,
          };
        }),
      },
      options: baseOptions({
        scales: {
          x: { title: { display: true, text: 'ms (bin centre)' } },
          y: linearAxis('fraction of samples', { beginAtZero: true }),
        },
      }),
    },
  };
  return [cdf, hist];
}
