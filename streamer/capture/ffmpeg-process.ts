import { type ChildProcess, spawn } from 'node:child_process';
import { LlhlsError, LlhlsErrorCode } from '../../src/errors.js';
import { EventSurface } from '../../src/event-surface.js';

/** Restart delays: doubling from `initialMs`, capped at `maxMs`, back to `initialMs` after a run
 *  that stayed up `healthyMs`. */
export interface RestartBackoff {
  initialMs: number;
  maxMs: number;
  healthyMs: number;
}

export const DEFAULT_BACKOFF: RestartBackoff = { initialMs: 500, maxMs: 5000, healthyMs: 10_000 };

/** The delay before restart number `attempt` (0-based). Pure. */
export function backoffDelay(attempt: number, backoff: RestartBackoff = DEFAULT_BACKOFF): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** attempt);
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * - `data`: a chunk of FFmpeg's stdout (MPEG-TS), in order;
 * - `exit`: FFmpeg exited unexpectedly (after a successful start); a restart follows in `delayMs`;
 * - `restart`: a new FFmpeg was spawned after an unexpected exit (`attempt` counts from 1);
 * - `stderr`: one line FFmpeg wrote to stderr.
 */
export interface FfmpegProcessEvents {
  data: { chunk: Buffer };
  exit: ExitInfo & { stderr: string[]; delayMs: number; uptimeMs: number };
  restart: { attempt: number; pid: number | undefined };
  stderr: { line: string };
}

export interface FfmpegProcessOptions {
  ffmpeg: string;
  args: readonly string[];
  /** Builds the error for an FFmpeg that dies during the probe (see ffmpeg-failure.ts). */
  failure: (stderr: readonly string[], exit: ExitInfo) => LlhlsError;
  backoff?: RestartBackoff;
  /** FFmpeg must survive this long or produce output to count as started. Default 1000 ms. */
  probeMs?: number;
  /** Lines of stderr kept for error messages. Default 20. */
  stderrLines?: number;
}

/**
 * FFmpeg as a supervised child process: stdout bytes out as `data` events, restarted with
 * backoff when it exits unexpectedly, killed by `destroy()` (SIGTERM, then SIGKILL after 2 s).
 */
export class FfmpegProcess extends EventSurface<FfmpegProcessEvents> {
  readonly #options: FfmpegProcessOptions;
  readonly #backoff: RestartBackoff;
  #child: ChildProcess | undefined;
  #stderr: string[] = [];
  #attempt = 0;
  #restarts = 0;
  #startedAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #destroyed = false;

  constructor(options: FfmpegProcessOptions) {
    super();
    this.#options = options;
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  /** The running child's pid (tests kill it to exercise restarts). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** How many times FFmpeg was restarted. */
  get restarts(): number {
    return this.#restarts;
  }

  /** The last lines FFmpeg wrote to stderr. */
  get stderrTail(): readonly string[] {
    return this.#stderr;
  }

  /**
   * Spawns FFmpeg and resolves once it produced output or stayed up for the probe time.
   * @throws LlhlsError when the binary cannot run or FFmpeg exits first (missing device, bad input)
   */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = this.#spawn();
      let settled = false;
      const ok = (): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        child.off('exit', onEarlyExit);
        child.off('error', onError);
        child.stdout?.off('data', ok);
        child.on('exit', (code, signal) => {
          if (child === this.#child) this.#onExit(code, signal);
        });
        resolve();
      };
      const fail = (error: LlhlsError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#destroyed = true;
        reject(error);
      };
      const onEarlyExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        // Let the last stderr bytes arrive before building the message.
        setImmediate(() => fail(this.#options.failure(this.#stderr, { code, signal })));
      };
      const onError = (error: NodeJS.ErrnoException): void => {
        fail(
          new LlhlsError(
            LlhlsErrorCode.FfmpegNotFound,
            `cannot run ${this.#options.ffmpeg} (${error.code ?? error.message}); install FFmpeg with \`sudo apt-get install ffmpeg\` or pass --ffmpeg PATH`,
            { cause: error },
          ),
        );
      };
      const timer = setTimeout(ok, this.#options.probeMs ?? 1000);
      child.once('exit', onEarlyExit);
      child.once('error', onError);
      child.stdout?.once('data', ok);
    });
  }

  /**
   * Replaces the running FFmpeg with a fresh one now (not a crash: no backoff, no `exit` event).
   * Bytes the old one still writes are ignored. Emits `restart`.
   */
  restart(): void {
    if (this.#destroyed) return;
    const old = this.#child;
    this.#child = undefined;
    clearTimeout(this.#timer);
    old?.kill('SIGKILL');
    const child = this.#spawn();
    this.#restarts++;
    child.on('exit', (c, s) => {
      if (child === this.#child) this.#onExit(c, s);
    });
    this.emit('restart', { attempt: this.#restarts, pid: child.pid });
  }

  /** Stops FFmpeg for good (no restart). Resolves when the child has exited. */
  async destroy(): Promise<void> {
    this.#destroyed = true;
    clearTimeout(this.#timer);
    await stopChild(this.#child ?? null);
  }

  #spawn(): ChildProcess {
    // Its own process group: a Ctrl-C in the terminal reaches llhls only, which then stops FFmpeg
    // itself (otherwise FFmpeg dies first and looks like a crash to restart). If llhls dies,
    // FFmpeg gets EPIPE on its next write and exits.
    const child = spawn(this.#options.ffmpeg, [...this.#options.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.#child = child;
    this.#startedAt = performance.now();
    child.stdout?.on('data', (chunk: Buffer) => {
      if (child === this.#child) this.emit('data', { chunk });
    });
    let partial = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      const lines = (partial + text).split(/\r?\n|\r/);
      partial = lines.pop() ?? '';
      for (const line of lines) this.#addStderr(line);
    });
    child.stderr?.on('end', () => {
      if (partial !== '') this.#addStderr(partial);
      partial = '';
    });
    // A spawn error after a successful start (binary removed) ends in 'exit' too; just swallow it.
    child.on('error', () => undefined);
    return child;
  }

  #addStderr(line: string): void {
    if (line.trim() === '') return;
    this.#stderr.push(line);
    const keep = this.#options.stderrLines ?? 20;
    if (this.#stderr.length > keep) this.#stderr.splice(0, this.#stderr.length - keep);
    this.emit('stderr', { line });
  }

  #onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#destroyed) return;
    const uptimeMs = performance.now() - this.#startedAt;
    if (uptimeMs >= this.#backoff.healthyMs) this.#attempt = 0;
    const delayMs = backoffDelay(this.#attempt, this.#backoff);
    this.#attempt++;
    this.emit('exit', { code, signal, stderr: [...this.#stderr], delayMs, uptimeMs });
    this.#timer = setTimeout(() => {
      if (this.#destroyed) return;
      const child = this.#spawn();
      this.#restarts++;
      child.on('exit', (c, s) => {
        if (child === this.#child) this.#onExit(c, s);
      });
      this.emit('restart', { attempt: this.#restarts, pid: child.pid });
    }, delayMs);
  }
}

/** Stops a child process: SIGTERM, then SIGKILL after 2 s; resolves once it has exited. */
export async function stopChild(child: ChildProcess | null): Promise<void> {
  if (child === null || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
