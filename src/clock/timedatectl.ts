import { runTool } from './run-tool.js';
import { parseTimedatectl, type TimedatectlStatus } from './timedatectl-parse.js';

/** Asks systemd (`timedatectl show`) whether the clock is NTP-synchronised: the fallback when
 *  chrony cannot be read. Returns null with a reason where there is no systemd (containers). */
export async function readTimedatectl(
  path = 'timedatectl',
  timeoutMs = 5000,
): Promise<{ status: TimedatectlStatus | null; message: string }> {
  const run = await runTool(path, ['show'], timeoutMs);
  if (run.kind === 'missing') return { status: null, message: 'timedatectl not found' };
  if (run.kind === 'failed') return { status: null, message: run.message };
  if (run.exitCode !== 0) {
    const said = `${run.stderr}\n${run.stdout}`.trim().split('\n')[0] ?? '';
    return { status: null, message: `timedatectl show exited ${run.exitCode}: ${said}` };
  }
  const parsed = parseTimedatectl(run.stdout);
  return parsed.valid
    ? { status: parsed.value, message: 'ok' }
    : { status: null, message: parsed.issues.join('; ') };
}
