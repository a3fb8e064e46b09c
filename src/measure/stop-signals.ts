import { constants } from 'node:os';
import type { RunInfo } from '../run/types.js';

/** The signals that end a measure run the same way: what Ctrl-C, CI runners and `timeout` send. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** The shell's exit code for a process ended by `signal`: 128 + its number (130, 143, 129). */
export function signalExitCode(signal: StopSignal): number {
  return 128 + constants.signals[signal];
}

function isStopSignal(value: unknown): value is StopSignal {
  return STOP_SIGNALS.some((signal) => signal === value);
}

/** The signal a stop was asked for with (an AbortSignal's reason), or null. */
export function stopSignalOf(reason: unknown): StopSignal | null {
  return isStopSignal(reason) ? reason : null;
}

/**
 * The exit code of a written run: 0 complete, 1 failed (the server stopped answering, a client
 * failed after measuring), 128 + the signal when interrupted (130 SIGINT, 143 SIGTERM,
 * 129 SIGHUP; 130 when aborted otherwise). A run that could not start exits 2 (LlhlsError).
 */
export function runExitCode(info: Pick<RunInfo, 'status' | 'signal'>): number {
  switch (info.status) {
    case 'complete':
      return 0;
    case 'interrupted':
      return signalExitCode(stopSignalOf(info.signal) ?? 'SIGINT');
    default:
      return 1;
  }
}

/**
 * Until the returned function is called, the first SIGINT, SIGTERM or SIGHUP aborts `abort` with
 * the signal's name as its reason (the run stops and is written); a second one of any of them
 * leaves at once with 128 + its number (what is written by then stays, see RunWriter.closeSync).
 * Replaces Node's default of dying on the spot, and a library's (Playwright's) of closing the
 * browser underneath the run.
 */
export function trapStopSignals(abort: AbortController): () => void {
  const handlers = STOP_SIGNALS.map((signal) => {
    const handler = (): void => {
      if (abort.signal.aborted) process.exit(signalExitCode(signal));
      abort.abort(signal);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
