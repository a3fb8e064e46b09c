import { renameSync, writeFileSync, writeSync } from 'node:fs';
import { type FileHandle, open, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunDir } from './run-dir.js';
import { RunFiles } from './run-files.js';
import type { RunInfo, RunSummary, Sample } from './types.js';

export interface RunWriterOptions {
  /** Longest a sample waits in memory before it is on disk, ms (default 1000). */
  flushMs?: number;
  /** Flush early once this many bytes are buffered (default 1 MiB). */
  maxBufferBytes?: number;
}

/**
 * Writes one run directory as it happens: run.json at start (status `running`) and at the end,
 * every sample appended to samples.jsonl within `flushMs` (so a crash or Ctrl-C loses less than a
 * second), summary.json at the end. JSON files are replaced atomically (write, then rename), so a
 * reader never sees half a run.json.
 */
export class RunWriter {
  readonly dir: string;
  readonly id: string;
  readonly #created: boolean;
  readonly #handle: FileHandle;
  readonly #maxBufferBytes: number;
  readonly #timer: NodeJS.Timeout;
  #buffer: string[] = [];
  #bufferBytes = 0;
  /** Writes run one after another, in order. */
  #chain: Promise<void> = Promise.resolve();
  #writeError: Error | null = null;
  #closed = false;
  #samples = 0;

  private constructor(runDir: RunDir, handle: FileHandle, options: RunWriterOptions) {
    this.dir = runDir.dir;
    this.id = runDir.id;
    this.#created = runDir.created;
    this.#handle = handle;
    this.#maxBufferBytes = options.maxBufferBytes ?? 1 << 20;
    this.#timer = setInterval(() => this.#backgroundFlush(), options.flushMs ?? 1000);
    // The flush timer must not keep a finished process alive.
    this.#timer.unref();
  }

  /** Opens samples.jsonl in a directory made by `prepareRunDir`. */
  static async open(runDir: RunDir, options: RunWriterOptions = {}): Promise<RunWriter> {
    const handle = await open(join(runDir.dir, RunFiles.Samples), 'a');
    return new RunWriter(runDir, handle, options);
  }

  /** Samples accepted so far. */
  get sampleCount(): number {
    return this.#samples;
  }

  /** Writes (or rewrites) run.json. */
  writeInfo(info: RunInfo): Promise<void> {
    return this.#enqueue(() => writeJsonAtomic(join(this.dir, RunFiles.Info), info));
  }

  /** Buffers one sample; it reaches samples.jsonl within `flushMs`. Ignored after close. */
  append(sample: Sample): void {
    if (this.#closed) return;
    const line = `${JSON.stringify(sample)}\n`;
    this.#buffer.push(line);
    this.#bufferBytes += line.length;
    this.#samples += 1;
    if (this.#bufferBytes >= this.#maxBufferBytes) this.#backgroundFlush();
  }

  /** Writes the buffered samples. */
  flush(): Promise<void> {
    if (this.#buffer.length === 0) return this.#chain;
    const text = this.#buffer.join('');
    this.#buffer = [];
    this.#bufferBytes = 0;
    return this.#enqueue(async () => {
      await this.#handle.write(text);
    });
  }

  /** Flushes the samples, writes summary.json then the final run.json, and closes the file.
   *  Rejects with the first write error met during the run, if any. */
  async close(info: RunInfo, summary: RunSummary | null): Promise<void> {
    await this.#finish().catch(() => undefined);
    if (summary !== null) {
      await this.#enqueue(() => writeJsonAtomic(join(this.dir, RunFiles.Summary), summary)).catch(
        () => undefined,
      );
    }
    await this.writeInfo(info).catch(() => undefined);
    if (this.#writeError !== null) throw this.#writeError;
  }

  /**
   * The last resort when the process is leaving now (a second Ctrl-C, `process.exit`): writes the
   * buffered samples and `info` synchronously, so the run on disk says what happened. A flush
   * already handed to the file system may be lost with the process (at most `flushMs` of
   * samples). Does nothing once the writer is closed.
   */
  closeSync(info: RunInfo): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    try {
      if (this.#buffer.length > 0) writeSync(this.#handle.fd, this.#buffer.join(''));
      this.#buffer = [];
      const path = join(this.dir, RunFiles.Info);
      writeFileSync(`${path}.tmp`, `${JSON.stringify(info, null, 2)}\n`);
      renameSync(`${path}.tmp`, path);
    } catch {
      // Leaving anyway: a run.json left at `running` says the run did not finish.
    }
  }

  /** Removes what this writer wrote (and the directory if it made it): a run that never started. */
  async discard(): Promise<void> {
    await this.#finish().catch(() => undefined);
    for (const file of Object.values(RunFiles)) await rm(join(this.dir, file), { force: true });
    if (this.#created) await rmdir(this.dir).catch(() => undefined);
  }

  /** A flush nobody awaits: its failure is kept for close(). */
  #backgroundFlush(): void {
    this.flush().catch(() => undefined);
  }

  async #finish(): Promise<void> {
    if (this.#closed) return;
    clearInterval(this.#timer);
    await this.flush();
    this.#closed = true;
    await this.#enqueue(() => this.#handle.close());
  }

  #enqueue(write: () => Promise<void>): Promise<void> {
    const run = this.#chain.then(write);
    // Later writes still go ahead; close() reports the first failure.
    this.#chain = run.catch((error: Error) => {
      this.#writeError ??= error;
    });
    return run;
  }
}

/** Replaces a JSON file of a run atomically (write, then rename): a reader never sees half of it. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(tmp, path);
}
