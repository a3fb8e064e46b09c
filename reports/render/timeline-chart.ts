import type { LatencyOverTime, MarkerKind } from '../figures/latency-over-time.js';
import { baseOptions, linearAxis } from './axes.js';
import { type ChartSpec, ReportSection } from './chart-spec.js';
import { alpha, colour, MARKER_STYLE } from './palette.js';

/**
 * Latency over time of one run: a line per client and metric, the player's target as a stepped
 * dashed line, warm-up shaded, stalls as red spans, and seeks, target and rate changes and
 * errors as vertical lines with a marker (whose tooltip names it) under the axis.
 */
export function timelineChart(t: LatencyOverTime, index: number): ChartSpec {
  const datasets: Record<string, unknown>[] = [];
  t.series.forEach((s, i) => {
    const c = colour(i);
    datasets.push({
      label: `${s.client} ${s.metric}${s.statistic === undefined ? '' : ` ${s.statistic} by Artillery`} (${s.count})`,
      data: s.points,
      borderColor: c,
      backgroundColor: c,
      borderWidth: 1,
      pointRadius: s.metric === 'capture_to_display' ? 0 : 1.5,
      showLine: true,
      spanGaps: false,
    });
  });
  for (const target of t.targets) {
    datasets.push({
      label: `${target.client} target latency`,
      data: target.points,
      stepped: 'before',
      borderColor: '#7B3294',
      borderDash: [6, 4],
      borderWidth: 1.5,
      pointRadius: 0,
      showLine: true,
    });
  }
  const kinds = [...new Set(t.markers.map((m) => m.kind))] as MarkerKind[];
  for (const kind of kinds) {
    const style = MARKER_STYLE[kind];
    const markers = t.markers.filter((m) => m.kind === kind);
    datasets.push({
      label: `${kind}s (${markers.length + (t.markersOmitted[kind] ?? 0)})`,
      data: markers.map((m) => ({ x: m.x, y: 0, label: `${m.client}: ${m.label}` })),
      showLine: false,
      pointStyle: style.point,
      pointRadius: 6,
      borderColor: style.colour,
      backgroundColor: alpha(style.colour, 0.6),
    });
  }
  const annotations: Record<string, unknown> = {};
  const warm = Math.max(0, ...t.warmupEnds.map((w) => w.x));
  if (warm > 0) {
    annotations['warmup'] = {
      type: 'box',
      xMin: 0,
      xMax: warm,
      backgroundColor: 'rgba(0,0,0,0.06)',
      borderWidth: 0,
      label: { display: true, content: 'warm-up', position: { x: 'start', y: 'start' }, color: '#555' },
    };
  }
  t.markers.forEach((m, i) => {
    const style = MARKER_STYLE[m.kind];
    annotations[`m${i}`] =
      m.x2 !== null
        ? {
            type: 'box',
            xMin: m.x,
            xMax: Math.max(m.x2, m.x + 0.02),
            backgroundColor: alpha(style.colour, 0.25),
            borderWidth: 0,
          }
        : {
            type: 'line',
            xMin: m.x,
            xMax: m.x,
            borderColor: alpha(style.colour, 0.7),
            borderWidth: 1,
            borderDash: [3, 3],
          };
  });
  const omitted = Object.entries(t.markersOmitted)
    .map(([k, n]) => `${n} more ${k}s`)
    .join(', ');
  const seriesText = t.series
    .map((s) =>
      s.statistic !== undefined
        ? `${s.client} ${s.metric}: Artillery's ${s.statistic} of each ${s.count > 0 ? '' : 'empty '}period (over ${s.count} values in all)`
        : `${s.client} ${s.metric}: ${s.count} samples${s.points.length < s.count ? `, drawn as ${s.points.length} (min-max per time bucket, every peak kept)` : ''}`,
    )
    .join('; ');
  return {
    id: `timeline-${index}`,
    section: ReportSection.Timeline,
    title: `${t.run}: latency over time`,
    caption: `${seriesText}. Grey: warm-up (not in the statistics). Shaded orange spans: stalls; dashed lines: seeks (pink), target changes (purple), playback-rate changes (green), errors (dark red); hover a marker at 0 ms for what it was.${omitted === '' ? '' : ` Not drawn: ${omitted}.`}`,
    height: 380,
    config: {
      type: 'scatter',
      data: { datasets },
      options: baseOptions({
        scales: {
          x: linearAxis('s since the run started', { min: 0, max: t.endX }),
          y: linearAxis('latency (ms)', { beginAtZero: true }),
        },
        plugins: { annotation: { annotations } },
      }),
    },
  };
}
