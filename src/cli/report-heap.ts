/**
 * How much JavaScript heap `llhls report` needs for its runs, and what to do when V8's default
 * limit is less. The report reads every sample into memory (src/run/run-reader.ts): about 1.1x
 * samples.jsonl's bytes in heap (430 B a sample of ~410 B, measured on 1 M samples of a 100-viewer
 * run), and it builds its figures beside them; 500 MB of heap did for a 407 MB file, slowly.
 * V8's default limit is ~4.3 GB on a 24 GB machine: a one-hour run of 100 viewers (4.6 GB,
 * 11 M samples) died in it after 2 minutes with V8's own stack trace. Pure.
 */

export const MIB = 1024 * 1024;
/** Heap per byte of samples.jsonl, with room for the figures and GC to breathe. */
const HEAP_PER_SAMPLE_BYTE = 1.5;
/** The report's own heap with no samples (oclif, chart.js's source, the model). */
const BASE_HEAP_MB = 256;
/** The most of the machine's memory a report may take: the rest is the system's and Chromium's. */
const MAX_SHARE_OF_MEMORY = 0.75;

export type HeapDecision =
  /** The current limit holds the runs. */
  | { kind: 'fits'; needMb: number }
  /** Run again with `--max-old-space-size=heapMb`: the machine has the memory. */
  | { kind: 'raise'; needMb: number; heapMb: number }
  /** More than the machine can give: refuse, naming the sizes. */
  | { kind: 'too-large'; needMb: number; availableMb: number };

/**
 * @param sampleBytes the total size of the runs' samples.jsonl files
 * @param limitMb V8's heap limit now (v8.getHeapStatistics().heap_size_limit)
 * @param totalMb the machine's memory (os.totalmem())
 */
export function decideReportHeap(sampleBytes: number, limitMb: number, totalMb: number): HeapDecision {
  const needMb = Math.ceil((sampleBytes * HEAP_PER_SAMPLE_BYTE) / MIB) + BASE_HEAP_MB;
  if (needMb <= limitMb) return { kind: 'fits', needMb };
  const availableMb = Math.floor(totalMb * MAX_SHARE_OF_MEMORY);
  if (needMb > availableMb) return { kind: 'too-large', needMb, availableMb };
  return { kind: 'raise', needMb, heapMb: needMb };
}

/** A size for a message: `412 MB`, `4.6 GB`. */
export function sizeText(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.max(1, Math.round(bytes / 1e6))} MB`;
}

/** What a refusal says: the sizes, and what to do instead. */
export function tooLargeMessage(
  sampleBytes: number,
  decision: { needMb: number; availableMb: number },
): string {
  return (
    `the runs' samples.jsonl hold ${sizeText(sampleBytes)}: the report reads every sample and needs about ` +
    `${sizeText(decision.needMb * MIB)} of memory, more than the ${sizeText(decision.availableMb * MIB)} it may take here (3/4 of this machine's); ` +
    'report it on a machine with more memory, or measure shorter runs or fewer viewers (the summary.json llhls measure wrote for the run holds its figures)'
  );
}
