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

/** The report's chart sections, by their heading. The comparison's charts sit in the one section
 *  of a comparison, under its table, with its heading (reports/render/comparison-table.ts). */
export const ReportSection = {
  Comparison: 'Configurations side by side',
  Timeline: 'Latency over time',
  Breakdown: 'Where the latency goes',
  Distribution: 'Distributions',
  Waterfall: 'Requests',
  Clock: 'Clock',
  Viewers: 'Viewers',
} as const;
export type ReportSection = (typeof ReportSection)[keyof typeof ReportSection];

/**
 * Each section's HTML anchor: report.html#configurations (a comparison's table and charts), and
 * #charts-latency-over-time, #charts-clock, ... (prefixed: a chart's canvas has an id too, such
 * as `clock`, and one id names one element).
 */
export const SECTION_ANCHOR: Readonly<Record<ReportSection, string>> = {
  [ReportSection.Comparison]: 'configurations',
  [ReportSection.Timeline]: 'charts-latency-over-time',
  [ReportSection.Breakdown]: 'charts-where-the-latency-goes',
  [ReportSection.Distribution]: 'charts-distributions',
  [ReportSection.Waterfall]: 'charts-requests',
  [ReportSection.Clock]: 'charts-clock',
  [ReportSection.Viewers]: 'charts-viewers',
};
