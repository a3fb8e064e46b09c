/** A linear axis with its title: every axis of the report says its unit. */
export function linearAxis(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'linear', title: { display: true, text: title }, ...extra };
}

/** Options every chart shares: no animation (PNG capture and large runs), legend on top. */
export function baseOptions(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { plugins, ...rest } = extra as { plugins?: Record<string, unknown> };
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: true,
    normalized: true,
    interaction: { mode: 'nearest', intersect: false },
    plugins: { legend: { position: 'top' }, ...plugins },
    ...rest,
  };
}
