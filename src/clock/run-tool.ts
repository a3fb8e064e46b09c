import { execFile } from 'node:child_process';

/** A finished tool run, or the fact that its binary is not there. */
export type ToolOutcome =
  | { kind: 'missing'; path: string }
  | { kind: 'exited'; exitCode: number; stdout: string; stderr: string }
  | { kind: 'failed'; message: string };

/** Runs a small system tool (chronyc, timedatectl) with a time limit; never throws. */
export function runTool(path: string, args: string[], timeoutMs: number): Promise<ToolOutcome> {
  return new Promise((resolve) => {
    execFile(
      path,
      args,
      { timeout: timeoutMs, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
      (error, stdout, stderr) => {
        if (error === null) return resolve({ kind: 'exited', exitCode: 0, stdout, stderr });
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return resolve({ kind: 'missing', path });
        if (typeof code === 'number') return resolve({ kind: 'exited', exitCode: code, stdout, stderr });
        if (error.killed)
          return resolve({ kind: 'failed', message: `${path} did not answer within ${timeoutMs} ms` });
        resolve({ kind: 'failed', message: `${path}: ${error.message}` });
      },
    );
  });
}
