/** ms as a table shows it: whole ms from 10 up, one decimal below (a 1.6 ms delivery). */
export function fmtMs(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return Math.abs(v) < 10 ? v.toFixed(1) : String(Math.round(v));
}

/** A check's observed value or limit with its unit. */
export function fmtValue(v: number | null, unit: 'ms' | 'count'): string {
  if (v === null) return 'none';
  return unit === 'ms' ? `${fmtMs(v)} ms` : String(v);
}

/** +4.4% */
export function fmtChange(v: number | null): string {
  if (v === null) return '–';
  const pct = Math.round(v * 1000) / 10;
  return `${pct >= 0 ? '+' : ''}${pct}%`;
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
