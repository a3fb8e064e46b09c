import { connect, type Socket } from 'node:net';
import { DirectionPipe } from './direction-pipe.js';
import {
  CONNECTION_TOXIC_KEYS,
  type ConnectionToxic,
  type ConnectionToxicKey,
  type Impairment,
  ProxyStream,
  type ResetPeerToxic,
  type SlicerToxic,
  type SlowCloseToxic,
  type TimeoutToxic,
  TOXIC_NAMES,
} from './impairment.js';
import type { Link } from './link.js';

/** Why a proxied connection ended. */
export const CloseCause = {
  /** Either side closed it (FIN or RST); the other side was closed in turn. */
  Peer: 'peer',
  /** The origin refused or dropped the connection: the client was reset. */
  UpstreamError: 'upstream-error',
  ResetPeer: 'reset_peer',
  Timeout: 'timeout',
  /** The proxy was closed. */
  Proxy: 'proxy',
} as const;
export type CloseCause = (typeof CloseCause)[keyof typeof CloseCause];

/** What one proxied connection did, reported when it closes. */
export interface ConnectionRecord {
  id: number;
  /** The client's address and port. */
  remote: string;
  /** Epoch ms. */
  openedAt: number;
  closedAt: number;
  /** Bytes delivered to the client / to the origin. */
  bytesDown: number;
  bytesUp: number;
  /** Bytes the timeout toxic dropped. */
  bytesDropped: number;
  /** toxiproxy names of the connection-level toxics that hit this connection. */
  toxics: string[];
  cause: CloseCause;
  /** The socket error behind an upstream-error (e.g. ECONNREFUSED). */
  error: string | null;
}

export interface ConnectionHooks {
  /** A toxic hit this connection (`hit`) or did what it does (`acted`: reset, timed out). */
  toxic: (event: { id: number; toxic: string; action: 'hit' | 'acted' }) => void;
  closed: (record: ConnectionRecord) => void;
}

export interface ConnectionOptions {
  id: number;
  client: Socket;
  target: { host: string; port: number };
  link: Link<DirectionPipe>;
  impairment: Impairment;
  random: () => number;
  /** Monotonic ms (the link's clock). */
  now: () => number;
  /** Epoch ms, for the record. */
  epochNow: () => number;
  hooks: ConnectionHooks;
}

/**
 * One client connection through the proxy: a TCP connection to the origin, and a pipe per
 * direction over the shared link. A new connection pays TCP's handshake round trip: its first
 * bytes towards the origin arrive one round trip plus one way after it was accepted, as if SYN
 * and SYN-ACK had crossed the link first.
 */
export class ProxyConnection {
  readonly id: number;
  readonly #options: ConnectionOptions;
  readonly #upstream: Socket;
  readonly down: DirectionPipe;
  readonly up: DirectionPipe;
  readonly #openedAt: number;
  /** The toxic specs this connection has drawn for, by key: a changed spec is drawn again. */
  readonly #drawn = new Map<ConnectionToxicKey, string>();
  readonly #hit = new Set<string>();
  readonly #remote: string;
  #timeoutTimer: NodeJS.Timeout | undefined;
  #resetTimer: NodeJS.Timeout | undefined;
  /** reset_peer in force: its stream and timeout. */
  #reset: { stream: ProxyStream; timeoutMs: number } | null = null;
  #cause: CloseCause | null = null;
  #error: string | null = null;
  #closedSides = 0;

  constructor(options: ConnectionOptions) {
    this.#options = options;
    this.id = options.id;
    this.#openedAt = options.epochNow();
    const { client, link, now, random } = options;
    this.#remote = `${client.remoteAddress ?? '?'}:${client.remotePort ?? '?'}`;
    client.setNoDelay(true);
    this.#upstream = connect({ host: options.target.host, port: options.target.port, allowHalfOpen: true });
    this.#upstream.setNoDelay(true);
    const handshake = options.impairment.latencyMs * 1.5;
    this.down = new DirectionPipe({
      source: this.#upstream,
      dest: client,
      driver: link.down,
      now,
      random,
      onFirstData: () => this.#firstData(ProxyStream.Downstream),
    });
    this.up = new DirectionPipe({
      source: client,
      dest: this.#upstream,
      driver: link.up,
      now,
      random,
      holdUntil: now() + handshake,
      onFirstData: () => this.#firstData(ProxyStream.Upstream),
    });
    this.#upstream.on('error', (error: NodeJS.ErrnoException) => {
      this.#error = error.code ?? error.message;
      this.#abort(CloseCause.UpstreamError);
    });
    // A client that resets its side: the origin sees a reset too.
    client.on('error', () => this.#abort(CloseCause.Peer));
    for (const socket of [client, this.#upstream]) socket.on('close', () => this.#sideClosed());
    this.apply(options.impairment);
  }

  /** Takes the connection-level toxics of a new impairment: each new or changed one is drawn. */
  apply(imp: Impairment): void {
    for (const key of CONNECTION_TOXIC_KEYS) {
      const toxic = imp[key];
      const spec = toxic === null ? '' : JSON.stringify(toxic);
      if (this.#drawn.get(key) === spec) continue;
      const hit = toxic !== null && this.#options.random() < toxic.toxicity;
      this.#drawn.set(key, spec);
      this.#set(key, hit ? toxic : null);
      if (hit) {
        this.#hit.add(TOXIC_NAMES[key]);
        this.#options.hooks.toxic({ id: this.id, toxic: TOXIC_NAMES[key], action: 'hit' });
      }
    }
  }

  /** Closes both sides at once (the proxy is closing). */
  destroy(): void {
    this.#abort(CloseCause.Proxy);
  }

  /** Puts a toxic in force on this connection (or, with null, takes it away). */
  #set(key: ConnectionToxicKey, toxic: ConnectionToxic | null): void {
    const pipe = (t: ConnectionToxic): DirectionPipe =>
      t.stream === ProxyStream.Upstream ? this.up : this.down;
    switch (key) {
      case 'slowClose':
        this.down.slowCloseMs = 0;
        this.up.slowCloseMs = 0;
        if (toxic !== null) pipe(toxic).slowCloseMs = (toxic as SlowCloseToxic).delayMs;
        break;
      case 'slicer':
        this.down.slicer = null;
        this.up.slicer = null;
        if (toxic !== null) pipe(toxic).slicer = toxic as SlicerToxic;
        break;
      case 'timeout': {
        this.down.dropping = false;
        this.up.dropping = false;
        clearTimeout(this.#timeoutTimer);
        if (toxic === null) break;
        pipe(toxic).dropping = true;
        const { timeoutMs } = toxic as TimeoutToxic;
        if (timeoutMs > 0) {
          this.#timeoutTimer = setTimeout(
            () => this.#toxicCloses(TOXIC_NAMES.timeout, CloseCause.Timeout),
            timeoutMs,
          );
        }
        break;
      }
      case 'resetPeer': {
        clearTimeout(this.#resetTimer);
        this.#resetTimer = undefined;
        this.#reset =
          toxic === null ? null : { stream: toxic.stream, timeoutMs: (toxic as ResetPeerToxic).timeoutMs };
        // Data already flowed in its stream: its clock starts now.
        if (this.#reset !== null && pipe(toxic as ConnectionToxic).sawData) this.#armReset();
        break;
      }
    }
  }

  #firstData(stream: ProxyStream): void {
    if (this.#reset?.stream === stream) this.#armReset();
  }

  #armReset(): void {
    if (this.#reset === null || this.#resetTimer !== undefined) return;
    // 0: reset before the first byte is passed on (it is lost, as in toxiproxy).
    if (this.#reset.timeoutMs === 0) {
      this.#toxicCloses(TOXIC_NAMES.resetPeer, CloseCause.ResetPeer);
      return;
    }
    this.#resetTimer = setTimeout(
      () => this.#toxicCloses(TOXIC_NAMES.resetPeer, CloseCause.ResetPeer),
      this.#reset.timeoutMs,
    );
  }

  #toxicCloses(toxic: string, cause: CloseCause): void {
    if (this.#cause !== null) return;
    this.#options.hooks.toxic({ id: this.id, toxic, action: 'acted' });
    if (cause === CloseCause.ResetPeer) this.#abort(cause);
    else this.#finish(cause);
  }

  /** Ends both sides with a reset (RST): in-flight bytes are lost, as with a real reset. */
  #abort(cause: CloseCause): void {
    if (this.#cause === null) this.#cause = cause;
    this.#stopPipes();
    const { client } = this.#options;
    if (!client.destroyed) client.resetAndDestroy();
    if (!this.#upstream.destroyed) this.#upstream.resetAndDestroy();
  }

  /** Closes both sides with a FIN. */
  #finish(cause: CloseCause): void {
    if (this.#cause === null) this.#cause = cause;
    this.#stopPipes();
    this.#options.client.destroy();
    this.#upstream.destroy();
  }

  #stopPipes(): void {
    clearTimeout(this.#timeoutTimer);
    clearTimeout(this.#resetTimer);
    this.down.close();
    this.up.close();
  }

  /** Both sockets closed: the connection is over. Each side's close follows the other's
   *  through the link (FIN after the last byte), or at once on a reset. */
  #sideClosed(): void {
    this.#closedSides += 1;
    if (this.#closedSides < 2) return;
    this.#stopPipes();
    const { hooks, epochNow } = this.#options;
    hooks.closed({
      id: this.id,
      remote: this.#remote,
      openedAt: this.#openedAt,
      closedAt: epochNow(),
      bytesDown: this.down.delivered,
      bytesUp: this.up.delivered,
      bytesDropped: this.down.dropped + this.up.dropped,
      toxics: [...this.#hit],
      cause: this.#cause ?? CloseCause.Peer,
      error: this.#error,
    });
  }
}
