import type { ComparisonTable } from '../figures/configuration-table.js';
import { baseOptions, linearAxis } from './axes.js';
import { type ChartSpec, ReportSection } from './chart-spec.js';
import { alpha, colour } from './palette.js';

/**
 * The comparison as two bar charts: each client's headline latency per configuration (p50, and
 * p95 lighter beside it), and the streamer's CPU and peak memory. Empty for a report that is not
 * a comparison. Pure.
 */
export function comparisonCharts(table: ComparisonTable | null): ChartSpec[] {
  if (table === null) return [];
  const labels = table.rows.map((r) => r.configuration);
  const clients = [...new Set(table.rows.flatMap((r) => r.clients.map((c) => c.client)))];
  const latency: ChartSpec = {
    id: 'comparison-latency',
    section: ReportSection.Comparison,
    title: 'Latency per configuration',
    caption:
      "Each client's headline latency after warm-up (the table names it): p50 solid, p95 light. With --repeat, the median run's figures (the table has the range). A configuration without a bar was not measured.",
    height: 320,
    config: {
      type: 'bar',
      data: {
        labels,
        datasets: clients.flatMap((client, i) =>
          (['p50', 'p95'] as const).map((p) => ({
            label: `${client} ${p}`,
            data: table.rows.map((r) => r.clients.find((c) => c.client === client)?.[p]?.median ?? null),
            backgroundColor: p === 'p50' ? colour(i) : alpha(colour(i), 0.35),
            borderColor: colour(i),
            borderWidth: 1,
          })),
        ),
      },
      options: baseOptions({ scales: { y: linearAxis('ms', { beginAtZero: true }) } }),
    },
  };
  if (!table.rows.some((r) => r.cpuPercent !== null)) return [latency];
  const resources: ChartSpec = {
    id: 'comparison-resources',
    section: ReportSection.Comparison,
    title: "The streamer's CPU and memory per configuration",
    caption:
      'The whole process tree compare started for each configuration (llhls serve with its FFmpeg, or the command and everything it started), sampled every second while measured: mean CPU in % of one core (left), peak resident memory (right). Nothing for a url: configuration.',
    height: 300,
    config: {
      type: 'bar',
      data: {
        labels,
        datasets: [
          {
            label: 'CPU % (mean)',
            data: table.rows.map((r) => r.cpuPercent?.median ?? null),
            backgroundColor: colour(2),
            yAxisID: 'y',
          },
          {
            label: 'RSS MB (peak)',
            data: table.rows.map((r) => (r.rssBytes === null ? null : r.rssBytes.median / 1e6)),
            backgroundColor: alpha(colour(5), 0.6),
            yAxisID: 'y2',
          },
        ],
      },
      options: baseOptions({
        scales: {
          y: linearAxis('CPU % of one core', { beginAtZero: true, position: 'left' }),
          y2: linearAxis('MB', { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false } }),
        },
      }),
    },
  };
  return [latency, resources];
}
