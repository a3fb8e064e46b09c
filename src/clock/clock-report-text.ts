import type { ClockReport } from './clock-check.js';
import { formatMs } from './format-ms.js';

/** The plain-words lines `llhls clock` prints (pure). */
export function clockReportText(report: ClockReport): string[] {
  const lines = [`local clock: ${report.local.words}`];
  const chrony = report.local.chrony;
  if (chrony !== null) {
    const t = chrony.tracking;
    lines.push(
      `  system offset ${formatMs(t.systemOffsetMs)}, RMS ${formatMs(t.rmsOffsetMs)}, frequency ${t.frequencyPpm} ppm, ` +
        `skew ${t.skewPpm} ppm, root delay ${formatMs(t.rootDelayMs)}, root dispersion ${formatMs(t.rootDispersionMs)}, leap ${t.leapStatus}`,
    );
    const usable = chrony.sources.filter((s) => s.state === 'selected' || s.state === 'combined').length;
    lines.push(`  sources: ${chrony.sources.length} (${usable} in use)`);
    for (const issue of chrony.issues) lines.push(`  note: ${issue}`);
  }
  const server = report.server;
  if (server !== null) {
    if (server.method === 'assumed') {
      lines.push(`server ${report.url}: offset unknown (${server.note ?? 'not measured'})`);
    } else {
      const direction = server.offsetMs >= 0 ? 'ahead of' : 'behind';
      lines.push(
        `server ${report.url}: this clock is ${formatMs(Math.abs(server.offsetMs))} ${direction} the server's ` +
          `(offset ${formatMs(server.offsetMs)} ± ${formatMs(server.uncertaintyMs ?? Number.NaN)}, client minus server)`,
      );
      lines.push(
        `  method ${server.method}, ${server.probes} probes, best round trip ${formatMs(server.bestRttMs ?? Number.NaN)}`,
      );
      if (server.note !== undefined) lines.push(`  note: ${server.note}`);
    }
  }
  for (const breach of report.breaches) lines.push(`FAIL ${breach.message}`);
  return lines;
}
