import type { ReportModel } from '../report-model.js';
import { breakdownMediansChart, breakdownTimeChart } from './breakdown-charts.js';
import type { ChartSpec } from './chart-spec.js';
import { clockChart, viewersChart } from './clock-viewer-charts.js';
import { comparisonCharts } from './comparison-charts.js';
import { distributionCharts } from './distribution-charts.js';
import { timelineChart } from './timeline-chart.js';
import { waterfallChart } from './waterfall-chart.js';

/** Every chart of a report, in page order. Pure: the model in, chart.js configurations out. */
export function reportCharts(model: ReportModel): ChartSpec[] {
  const charts: ChartSpec[] = comparisonCharts(model.comparison);
  charts.push(...model.timelines.map((t, i) => timelineChart(t, i)));
  const medians = breakdownMediansChart(model.breakdowns);
  if (medians !== null) charts.push(medians);
  model.breakdowns.forEach((b, i) => {
    if (b.points.length > 0) charts.push(breakdownTimeChart(b, i));
  });
  const keys = model.runs.flatMap((r) => r.metrics.map((m) => `${r.run}/${m.client}`));
  const order = [...new Set(keys)];
  for (const d of model.distributions) charts.push(...distributionCharts(d, order));
  model.waterfalls.forEach((w, i) => {
    if (w.rows.length > 0) charts.push(waterfallChart(w, i));
  });
  charts.push(clockChart(model.runs));
  model.runs.forEach((t, i) => {
    const v = viewersChart(t, i);
    if (v !== null) charts.push(v);
  });
  return charts;
}
