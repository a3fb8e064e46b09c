import type { LatencyBreakdown } from '../figures/latency-breakdown.js';
import { baseOptions, linearAxis } from './axes.js';
import { type ChartSpec, ReportSection } from './chart-spec.js';
import { alpha, STAGE_COLOURS } from './palette.js';

const STAGES = [
  { key: 'packaging', label: 'capture → publish (packaging)' },
  { key: 'delivery', label: 'publish → last byte (delivery)' },
  { key: 'buffer', label: 'last byte → display (player buffer)' },
] as const;

const ms = (v: number | null): string => (v === null ? '–' : `${Math.round(v)} ms`);

/** The three stages stacked over time, one chart per run and client. */
export function breakdownTimeChart(b: LatencyBreakdown, index: number): ChartSpec {
  const datasets = STAGES.filter((s) => s.key !== 'buffer' || b.points.some((p) => p.buffer !== null)).map(
    (s, i) => ({
      label: s.label,
      data: b.points.map((p) => ({ x: p.x, y: p[s.key] })),
      borderColor: STAGE_COLOURS[s.key],
      backgroundColor: alpha(STAGE_COLOURS[s.key], 0.55),
      fill: i === 0 ? 'origin' : '-1',
      pointRadius: 0,
      borderWidth: 1,
      showLine: true,
      spanGaps: false,
    }),
  );
  const display = b.client === 'browser' ? 'displayed' : 'shown by the simulated player (estimated)';
  return {
    id: `breakdown-${index}`,
    section: ReportSection.Breakdown,
    title: `${b.run}: where ${b.client}'s latency goes, per ${b.unit} over time`,
    caption: `Each ${b.unit} from the moment it was captured until it was ${display}: packaging (the streamer, until the part is published), delivery (network and origin, until its last byte arrived) and the player's buffer (until display). Stacked, they add up to the ${b.client === 'browser' ? 'capture_to_display' : 'estimated display latency'} of that ${b.unit}. Mean per ${b.binS} s; ${b.count} ${b.unit}s${b.missing > 0 ? `, ${b.missing} not decomposed (no publish time or part not found)` : ''}.`,
    height: 300,
    config: {
      type: 'scatter',
      data: { datasets },
      options: baseOptions({
        scales: {
          x: linearAxis('s since the run started', { min: 0 }),
          y: linearAxis('ms', { stacked: true, beginAtZero: true }),
        },
      }),
    },
  };
}

/** The medians of the three stages, a stacked bar per run and client. */
export function breakdownMediansChart(breakdowns: readonly LatencyBreakdown[]): ChartSpec | null {
  const rows = breakdowns.filter((b) => b.medians !== null);
  if (rows.length === 0) return null;
  const labels = rows.map((b) => `${b.run} ${b.client} (per ${b.unit})`);
  const datasets = STAGES.map((s) => ({
    label: s.label,
    data: rows.map((b) => (b.medians === null ? null : b.medians[s.key])),
    backgroundColor: STAGE_COLOURS[s.key],
  }));
  const totals = rows
    .map(
      (b) =>
        `${b.run} ${b.client}: packaging ${ms(b.medians!.packaging)}, delivery ${ms(b.medians!.delivery)}, buffer ${ms(b.medians!.buffer)}; median total ${ms(b.medians!.total)} over ${b.medians!.count} ${b.unit}s`,
    )
    .join('. ');
  return {
    id: 'breakdown-medians',
    section: ReportSection.Breakdown,
    title: 'Where the latency goes: medians after warm-up',
    caption: `Median of each stage (nearest rank). Medians do not add up exactly, so each bar's median total is stated: ${totals}.`,
    height: 90 + 50 * rows.length,
    config: {
      type: 'bar',
      data: { labels, datasets },
      options: baseOptions({
        indexAxis: 'y',
        interaction: { mode: 'nearest', intersect: true },
        scales: { x: linearAxis('ms', { stacked: true, beginAtZero: true }), y: { stacked: true } },
      }),
    },
  };
}
