import type { RunInfo } from '../run/types.js';
import { STOP_SIGNALS, type StopSignal, signalExitCode } from './stop-signals.js';

/**
 * The exit code of a written run: 0 complete, 1 failed (the server stopped answering, a client
 * failed after measuring), 128 + the signal when interrupted (130 SIGINT, 143 SIGTERM,
 * 129 SIGHUP; 130 when aborted otherwise). A run that could not start exits 2 (LlhlsError).
 */
export function runExitCode(info: Pick<RunInfo, 'status' | 'signal'>): number {
  switch (info.status) {
    case 'complete':
      return 0;
    case 'failed':
      return 1;
    case 'interrupted': {
      const signal = (STOP_SIGNALS as readonly string[]).includes(info.signal ?? '')
        ? (info.signal as StopSignal)
        : 'SIGINT';
      return signalExitCode(signal);
    }
    default:
      return 1;
  }
}
