import { type FSWatcher, watch } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EventSurface } from '../../src/event-surface.js';
import { SEGMENT_FILE } from './pipeline-args.js';
import { readSegmentFile, type SegmentFile } from './segment-file.js';

export interface SegmentWatcherEvents {
  /** A file is complete (ends with mfra), in the order splitmuxsink wrote them. */
  file: { name: string; index: number; file: SegmentFile; detectedBy: 'watch' | 'poll' };
  /** A complete file that is not what mp4mux writes, or that its `file` listener threw on: skipped. */
  invalid: { name: string; reason: string };
}

/** Polling interval when fs.watch works (a safety net) and when it does not (the detector). */
export const POLL_BACKUP_MS = 1000;
export const POLL_ONLY_MS = 100;

/**
 * Finds the files splitmuxsink closes in a directory. Detection: fs.watch (inotify on Linux) wakes
 * a scan on every write to the directory, and a file counts as closed when its content is whole
 * (readSegmentFile: all boxes, mfra last), so a write event mid-file is never taken for the end;
 * a poll runs beside it (every second, or every 100 ms when fs.watch cannot be used: network
 * filesystems, inotify limits) so a missed event only delays a file. Files are taken in index
 * order, each once; the next index is awaited while it is incomplete.
 */
export class SegmentWatcher extends EventSurface<SegmentWatcherEvents> {
  readonly #directory: string;
  #watcher: FSWatcher | null = null;
  #poll: NodeJS.Timeout | undefined;
  #next = 0;
  #scanning = false;
  #again: 'watch' | 'poll' | null = null;
  #closed = false;
  /** How the watcher detects files: `watch` (with a poll as backup) or `poll` only. */
  mode: 'watch' | 'poll' = 'poll';

  constructor(directory: string, options: { useWatch?: boolean } = {}) {
    super();
    this.#directory = directory;
    if (options.useWatch !== false) {
      try {
        this.#watcher = watch(directory, () => this.#scan('watch'));
        this.#watcher.on('error', () => this.#fallBackToPolling());
        this.mode = 'watch';
      } catch {
        this.#watcher = null;
      }
    }
    this.#startPoll();
  }

  /** The index of the next file awaited. */
  get nextIndex(): number {
    return this.#next;
  }

  close(): void {
    this.#closed = true;
    this.#watcher?.close();
    clearInterval(this.#poll);
  }

  #startPoll(): void {
    clearInterval(this.#poll);
    this.#poll = setInterval(() => this.#scan('poll'), this.mode === 'watch' ? POLL_BACKUP_MS : POLL_ONLY_MS);
    this.#poll.unref();
  }

  #fallBackToPolling(): void {
    this.#watcher?.close();
    this.#watcher = null;
    this.mode = 'poll';
    if (!this.#closed) this.#startPoll();
  }

  #scan(by: 'watch' | 'poll'): void {
    if (this.#closed) return;
    if (this.#scanning) {
      this.#again = this.#again ?? by;
      return;
    }
    this.#scanning = true;
    this.#scanOnce(by)
      .catch(() => undefined) // the directory went away at shutdown
      .finally(() => {
        this.#scanning = false;
        const again = this.#again;
        this.#again = null;
        if (again !== null) this.#scan(again);
      });
  }

  async #scanOnce(by: 'watch' | 'poll'): Promise<void> {
    const names = await readdir(this.#directory);
    const indexed = new Map<number, string>();
    for (const name of names) {
      const match = SEGMENT_FILE.exec(name);
      if (match !== null) indexed.set(Number(match[1]), name);
    }
    for (;;) {
      const name = indexed.get(this.#next);
      if (name === undefined || this.#closed) return;
      const bytes = new Uint8Array(await readFile(join(this.#directory, name)));
      const result = readSegmentFile(bytes);
      if (!result.ok && result.kind === 'incomplete') {
        // A later file exists: splitmuxsink closed this one, yet it is not whole.
        if (!indexed.has(this.#next + 1)) return;
        this.emit('invalid', { name, reason: `closed but ${result.reason}` });
      } else if (!result.ok) {
        this.emit('invalid', { name, reason: result.reason });
      } else {
        try {
          this.emit('file', { name, index: this.#next, file: result.file, detectedBy: by });
        } catch (error) {
          // Taken anyway: a file its listener cannot publish would otherwise be read again on
          // every scan and stop the stream there, silently (the scan's errors are dropped).
          this.emit('invalid', { name, reason: `not published: ${(error as Error).message}` });
        }
      }
      this.#next += 1;
    }
  }
}
