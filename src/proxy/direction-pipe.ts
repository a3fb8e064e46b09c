import type { Socket } from 'node:net';
import type { SlicerToxic } from './impairment.js';
import type { DeliverySink, LinkDriver } from './link.js';
import type { LinkFlow } from './link-direction.js';

/**
 * Bytes of one connection and direction inside the proxy (queued on the link, in flight, or
 * waiting for a slow reader) above which the sender is paused, as a TCP window stops a sender.
 * With a one-way delay d a connection then carries at most WINDOW / d: 1 MiB over 50 ms is
 * ~20 MB/s, as a real 1 MiB window would.
 */
export const WINDOW_BYTES = 1024 * 1024;

/** Deliveries due within this much of now are written at once (timers tick in whole ms). */
const DUE_SLACK_MS = 0.5;

export interface DirectionPipeOptions {
  source: Socket;
  dest: Socket;
  driver: LinkDriver<DirectionPipe>;
  now: () => number;
  random: () => number;
  /** The first bytes arrive no sooner than this (TCP's handshake, for client → server). */
  holdUntil?: number;
  /** Called once, when the first byte comes from the source. */
  onFirstData?: () => void;
}

/**
 * One direction of one proxied connection: reads the source socket, sends the bytes over the
 * emulated link, and writes them to the destination socket when the link delivers them, in
 * order. Carries the toxics that act on a direction: timeout's dropping, slicer, slow_close.
 */
export class DirectionPipe implements DeliverySink {
  readonly #options: DirectionPipeOptions;
  readonly flow: LinkFlow<DirectionPipe>;
  readonly #pending: Array<{ data: Buffer | null; at: number }> = [];
  #timer: NodeJS.Timeout | undefined;
  #closeTimer: NodeJS.Timeout | undefined;
  #inFlight = 0;
  #sawData = false;
  #closed = false;
  /** Bytes written to the destination. */
  delivered = 0;
  /** Bytes dropped by the timeout toxic. */
  dropped = 0;
  /** timeout toxic: data from the source is dropped. */
  dropping = false;
  slicer: SlicerToxic | null = null;
  /** slow_close: the end of stream reaches the destination this much later (ms). */
  slowCloseMs = 0;
  /** When the last slicer piece is written (ms): the next one comes delayMs after it. */
  #lastPieceAt = Number.NEGATIVE_INFINITY;

  constructor(options: DirectionPipeOptions) {
    this.#options = options;
    this.flow = options.driver.open(this, options.holdUntil);
    const { source, dest } = options;
    source.on('data', (chunk: Buffer) => this.#onData(chunk));
    source.on('end', () => {
      if (!this.#closed) options.driver.send(this.flow, null);
    });
    dest.on('drain', () => this.#maybeResume());
  }

  /** The source has sent at least one byte. */
  get sawData(): boolean {
    return this.#sawData;
  }

  /** Bytes inside the proxy: queued, in flight, or in the destination's write buffer. */
  get pressure(): number {
    return this.#inFlight + this.#options.dest.writableLength;
  }

  deliver(data: Buffer | null, at: number): void {
    if (this.#closed) return;
    const slicer = this.slicer;
    if (data === null || slicer === null) {
      this.#pending.push({ data, at });
    } else {
      let offset = 0;
      for (const size of slicePieces(
        data.length,
        slicer.averageSize,
        slicer.sizeVariation,
        this.#options.random,
      )) {
        const pieceAt = Math.max(at, this.#lastPieceAt + slicer.delayMs);
        this.#pending.push({ data: data.subarray(offset, offset + size), at: pieceAt });
        this.#lastPieceAt = pieceAt;
        offset += size;
      }
    }
    if (this.#timer === undefined) this.#flush();
  }

  /** Stops everything: the connection is gone. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#closeTimer);
    this.#pending.length = 0;
    this.#options.driver.remove(this.flow);
  }

  #onData(chunk: Buffer): void {
    if (!this.#sawData) {
      this.#sawData = true;
      this.#options.onFirstData?.();
    }
    if (this.#closed) return;
    if (this.dropping) {
      this.dropped += chunk.length;
      return;
    }
    this.#inFlight += chunk.length;
    this.#options.driver.send(this.flow, chunk);
    if (this.pressure > WINDOW_BYTES) this.#options.source.pause();
  }

  readonly #flush = (): void => {
    this.#timer = undefined;
    const now = this.#options.now();
    const { dest } = this.#options;
    // Pieces of a slicer are written one by one (each its own segment: TCP_NODELAY); other
    // bytes due together go out in one corked write.
    const cork = this.slicer === null;
    if (cork) dest.cork();
    while (this.#pending.length > 0 && (this.#pending[0]?.at ?? 0) <= now + DUE_SLACK_MS) {
      const item = this.#pending.shift() as { data: Buffer | null; at: number };
      if (item.data === null) this.#end();
      else this.#write(item.data);
    }
    if (cork) dest.uncork();
    const head = this.#pending[0];
    if (head !== undefined && !this.#closed) {
      this.#timer = setTimeout(this.#flush, Math.max(0, head.at - now));
    }
    this.#maybeResume();
  };

  #write(data: Buffer): void {
    const { dest } = this.#options;
    this.#inFlight -= data.length;
    if (dest.destroyed || !dest.writable) return;
    dest.write(data);
    this.delivered += data.length;
  }

  #end(): void {
    const { dest } = this.#options;
    const end = (): void => {
      if (!dest.destroyed) dest.end();
    };
    if (this.slowCloseMs > 0) this.#closeTimer = setTimeout(end, this.slowCloseMs);
    else end();
  }

  #maybeResume(): void {
    const { source } = this.#options;
    if (source.isPaused() && !this.#closed && this.pressure <= WINDOW_BYTES / 2) source.resume();
  }
}

/**
 * Piece sizes for toxiproxy's `slicer`: `length` bytes cut into pieces of `averageSize` ±
 * `sizeVariation` bytes (uniform; at least 1 byte each), the last one whatever is left.
 * @see https://github.com/Shopify/toxiproxy#slicer
 */
function slicePieces(
  length: number,
  averageSize: number,
  sizeVariation: number,
  random: () => number,
): number[] {
  const pieces: number[] = [];
  let left = length;
  while (left > 0) {
    const size = Math.max(1, Math.round(averageSize + (random() * 2 - 1) * sizeVariation));
    pieces.push(Math.min(size, left));
    left -= size;
  }
  return pieces;
}
