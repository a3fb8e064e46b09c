/** One chart of the report: a chart.js configuration (plain JSON: it is inlined into the page)
 *  with its title and a caption saying what is drawn and how. */
export interface ChartSpec {
  id: string;
  section: ReportSection;
  title: string;
  caption: string;
  /** chart.js `{type, data, options}`; JSON only (functions cannot be inlined) */
  config: { type: string; data: unknown; options: Record<string, unknown> };
  /** canvas height in CSS pixels */
  height: number;
}

export const ReportSection = {
  Comparison: 'Configurations',
  Timeline: 'Latency over time',
  Breakdown: 'Where the latency goes',
  Distribution: 'Distributions',
  Waterfall: 'Requests',
  Clock: 'Clock',
  Viewers: 'Viewers',
} as const;
export type ReportSection = (typeof ReportSection)[keyof typeof ReportSection];
