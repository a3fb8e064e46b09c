import { cpuPercentBetween, procUnits, readProcessTree, type TreeReading } from './process-tree.js';

/** The streamer's process tree at one moment (one sample a second while it is measured). */
export interface ResourceSample {
  /** epoch ms */
  t: number;
  /** CPU of the whole tree since the sample before, % of one core (200 = two cores busy) */
  cpuPercent: number;
  rssBytes: number;
  processes: number;
}

/** CPU and memory of a streamer's whole process tree while it was measured. */
export interface StreamerResources {
  /** the root of the tree: the process compare started */
  pid: number;
  intervalMs: number;
  /** every sample, in time order */
  samples: ResourceSample[];
  /** null when fewer than two readings were made (no /proc, or the streamer exited at once) */
  cpuPercent: { mean: number; max: number } | null;
  rssBytes: { mean: number; peak: number } | null;
  /** most processes seen in the tree at once */
  processes: number;
}

/**
 * Samples a process tree's CPU and resident memory from /proc every `intervalMs`, from start()
 * until stop(). Linux only: elsewhere the figures stay null. The tree is read afresh at every
 * sample, so children started later (FFmpeg restarted, a command's server) are counted.
 */
export class ResourceSampler {
  readonly #pid: number;
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #units = procUnits();
  readonly #samples: ResourceSample[] = [];
  #first: TreeReading | null = null;
  #last: TreeReading | null = null;
  #timer: NodeJS.Timeout | undefined;
  #reading: Promise<void> = Promise.resolve();

  constructor(pid: number, options: { intervalMs?: number; now?: () => number } = {}) {
    this.#pid = pid;
    this.#intervalMs = options.intervalMs ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  /** Takes the first reading (the baseline) and samples from then on. */
  async start(): Promise<void> {
    await this.#read();
    this.#timer = setInterval(() => {
      // One reading at a time: a slow /proc scan skips a tick rather than piling up.
      this.#reading = this.#reading.then(() => this.#read());
    }, this.#intervalMs);
  }

  /** Takes a last reading and returns the figures. */
  async stop(): Promise<StreamerResources> {
    clearInterval(this.#timer);
    this.#reading = this.#reading.then(() => this.#read());
    await this.#reading;
    return summarizeResources(this.#pid, this.#intervalMs, this.#first?.t ?? null, this.#samples);
  }

  async #read(): Promise<void> {
    const reading = await readProcessTree(this.#pid, this.#units.pageBytes, this.#now);
    if (reading === null) return;
    if (this.#last !== null) {
      this.#samples.push({
        t: reading.t,
        cpuPercent: cpuPercentBetween(this.#last, reading, this.#units.ticksPerSecond),
        rssBytes: reading.rssBytes,
        processes: reading.processes,
      });
    }
    this.#first ??= reading;
    this.#last = reading;
  }
}

/**
 * The figures of a run's samples: the CPU mean weighted by each interval's length (the first
 * runs from `startedAt`, the baseline reading). Pure.
 */
export function summarizeResources(
  pid: number,
  intervalMs: number,
  startedAt: number | null,
  samples: readonly ResourceSample[],
): StreamerResources {
  if (samples.length === 0 || startedAt === null) {
    return { pid, intervalMs, samples: [], cpuPercent: null, rssBytes: null, processes: 0 };
  }
  let weighted = 0;
  let span = 0;
  let previous = startedAt;
  for (const s of samples) {
    const dt = s.t - previous;
    weighted += s.cpuPercent * dt;
    span += dt;
    previous = s.t;
  }
  const rss = samples.map((s) => s.rssBytes);
  return {
    pid,
    intervalMs,
    samples: [...samples],
    cpuPercent: {
      mean: span > 0 ? weighted / span : 0,
      max: Math.max(...samples.map((s) => s.cpuPercent)),
    },
    rssBytes: { mean: rss.reduce((a, b) => a + b, 0) / rss.length, peak: Math.max(...rss) },
    processes: Math.max(...samples.map((s) => s.processes)),
  };
}
