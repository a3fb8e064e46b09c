import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

/** How a streamer's process ended. */
export interface ProcessExit {
  code: number | null;
  signal: string | null;
}

/** A streamer compare started in its own process group (llhls serve, or the user's command). */
export interface StreamerProcess {
  pid: number;
  /** Resolves when its first process exits. */
  readonly exited: Promise<ProcessExit>;
  /** null while it runs */
  exit(): ProcessExit | null;
  /** the last lines it wrote (stdout and stderr), for an error message */
  tail(): string;
  /** SIGTERM to the whole group, SIGKILL to what is left after 5 s. Idempotent. */
  stop(): Promise<void>;
}

/** Process groups still running: killed outright if this process exits before stopping them. */
const running = new Set<number>();
let exitHook = false;

function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const TAIL_BYTES = 4096;

/**
 * Starts `file args` as the leader of a new process group, so that the whole tree it starts
 * (FFmpeg under llhls serve; a command's `ffmpeg ... & server`) is measured and stopped together,
 * and a Ctrl-C in the terminal reaches compare alone, which stops it in order. Everything it
 * writes goes to `log`.
 */
export function startProcess(
  file: string,
  args: readonly string[],
  log: Writable,
): StreamerProcess & {
  child: ChildProcess;
} {
  const child = spawn(file, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk: Buffer): void => {
    log.write(chunk);
    tail = (tail + chunk.toString('utf8')).slice(-TAIL_BYTES);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exit: ProcessExit | null = null;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('error', (error) => {
      tail += `\n${error.message}`;
      exit = { code: null, signal: null };
      resolve(exit);
    });
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  });
  const pid = child.pid ?? -1;
  if (pid > 0) {
    running.add(pid);
    if (!exitHook) {
      exitHook = true;
      process.once('exit', () => {
        for (const group of running) signalGroup(group, 'SIGKILL');
      });
    }
  }
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (pid <= 0) return;
      signalGroup(pid, 'SIGTERM');
      const deadline = Date.now() + 5000;
      // The leader first, then whatever it left in the group (a command's background jobs).
      await Promise.race([exited, sleep(5000, undefined, { ref: false })]);
      while (Date.now() < deadline && signalGroup(pid, 0)) await sleep(50);
      if (signalGroup(pid, 0)) signalGroup(pid, 'SIGKILL');
      await exited;
      running.delete(pid);
    })();
    return stopping;
  };
  return { child, pid, exited, exit: () => exit, tail: () => tail.trim(), stop };
}

/** The last `lines` non-empty lines of a process's output, joined with ' | '. */
export function lastLines(text: string, lines = 3): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(-lines)
    .join(' | ');
}

/** A TCP port free on 127.0.0.1 now (a command's `{port}`). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
