import { RequestKind, type Waterfall } from '../figures/waterfall.js';
import { baseOptions, linearAxis } from './axes.js';
import { type ChartSpec, ReportSection } from './chart-spec.js';

const KIND_COLOURS: Record<RequestKind, string> = {
  [RequestKind.BlockingPlaylist]: '#0072B2',
  [RequestKind.Playlist]: '#56B4E9',
  [RequestKind.Part]: '#009E73',
  [RequestKind.HintedPart]: '#E69F00',
  [RequestKind.Segment]: '#CC79A7',
};

/**
 * A waterfall: one row per request, a bar from when it was sent to its last byte, its first part
 * dark for the time the origin held it (Server-Timing `hold`: a blocking reload waiting for the
 * part it asked for, a hinted part waiting to be produced).
 */
export function waterfallChart(w: Waterfall, index: number): ChartSpec {
  const rows = w.rows;
  const labels = rows.map(
    (r, i) => `${String(i + 1).padStart(2, '0')} ${r.label}${r.error === null ? '' : ` ✗ ${r.status}`}`,
  );
  const held = rows.map((r) =>
    r.heldMs !== null && r.heldMs > 0 ? [r.start, r.start + r.heldMs / 1000] : null,
  );
  const kinds = Object.values(RequestKind).filter((k) => rows.some((r) => r.kind === k));
  const datasets: Record<string, unknown>[] = [
    {
      label: 'held by the origin (Server-Timing hold)',
      data: held,
      backgroundColor: '#333333',
      grouped: false,
      order: 0,
      barPercentage: 0.5,
    },
    ...kinds.map((k) => ({
      label: k,
      data: rows.map((r) => (r.kind === k ? [r.start, r.end ?? r.firstByte ?? r.start] : null)),
      backgroundColor: KIND_COLOURS[k],
      grouped: false,
      order: 1,
      barPercentage: 0.9,
    })),
  ];
  return {
    id: `waterfall-${index}`,
    section: ReportSection.Waterfall,
    title: `${w.run}: ${w.client} requests, ${w.window[0].toFixed(1)}–${w.window[1].toFixed(1)} s`,
    caption: `Every playlist and media request ${w.client === 'node' ? 'of viewer 0 ' : ''}sent in ${(w.window[1] - w.window[0]).toFixed(0)} s after warm-up, from sending to the last byte. Blocking playlist reloads (_HLS_msn/_HLS_part) are held by the origin until the part they ask for exists; hinted parts are requested from EXT-X-PRELOAD-HINT before they are listed. ${rows.length} requests.`,
    height: 80 + 16 * rows.length,
    config: {
      type: 'bar',
      data: { labels, datasets },
      options: baseOptions({
        indexAxis: 'y',
        interaction: { mode: 'nearest', intersect: true },
        scales: {
          x: linearAxis('s since the run started', { min: w.window[0], max: w.window[1] + 0.5 }),
          y: { ticks: { autoSkip: false, font: { size: 10 } } },
        },
      }),
    },
  };
}
