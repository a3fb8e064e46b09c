import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { LlhlsError, LlhlsErrorCode } from '../errors.js';
import { EventSurface } from '../event-surface.js';
import { randomSeed, seededRandom } from '../random.js';
import type { DirectionPipe } from './direction-pipe.js';
import { applyPatch, type Impairment, NO_IMPAIRMENT } from './impairment.js';
import { checkImpairment } from './impairment-check.js';
import { Link } from './link.js';
import { checkProfile, type Profile, profilePosition } from './profile.js';
import { type CloseCause, type ConnectionRecord, ProxyConnection } from './proxy-connection.js';
import { type ProxyTarget, parseTarget } from './target.js';

export interface ProxyOptions {
  /** The origin: a URL (`http://127.0.0.1:8080/playlist.m3u8`) or `host:port`. */
  target: string;
  /** Where to listen; default 127.0.0.1, any free port. */
  listen?: { host?: string; port?: number };
  /** The impairment (the base under a profile's steps); default none. */
  impairment?: Impairment;
  /** A time-varying profile, started when the proxy listens. */
  profile?: Profile | null;
  /** Seed of loss, jitter and toxicity draws; default random (reported in stats). */
  seed?: number;
  /** Monotonic ms; default performance.now. */
  now?: () => number;
}

/** The profile step in force. */
export interface ProfileState {
  name: string;
  /** Index of the step in force, and the number of steps. */
  step: number;
  steps: number;
  /** Completed passes through the profile. */
  cycle: number;
  /** ms until the next step; null when the last step of a profile without loop holds. */
  nextInMs: number | null;
}

export interface ProxyEvents {
  /** A client connected. */
  connection: { id: number; remote: string };
  /** A connection ended (both sides closed). */
  close: ConnectionRecord;
  /** A connection-level toxic hit a connection, or did what it does to it. */
  toxic: { id: number; toxic: string; action: 'hit' | 'acted' };
  /** The impairment changed: a profile step began, or setImpairment. */
  impairment: { impairment: Impairment; profile: ProfileState | null };
  /** A connection to the origin failed (the client was reset). */
  'upstream-error': { id: number; error: string };
}

export interface ProxyStats {
  /** The address clients use, `host:port`. */
  listen: string;
  target: string;
  seed: number;
  /** The impairment in force (base with the profile step applied). */
  impairment: Impairment;
  profile: ProfileState | null;
  connections: { open: number; total: number };
  /** Bytes delivered to clients (down) and to the origin (up), closed connections included. */
  bytes: { down: number; up: number };
  /** Bytes waiting for the link (bandwidth) in each direction now. */
  queued: { down: number; up: number };
  /** Connections ended, by cause. */
  closed: Record<CloseCause, number>;
  /** Connections each toxic hit (toxiproxy names). */
  toxicHits: Record<string, number>;
}

/**
 * A running impairment proxy: a TCP proxy in this process in front of one origin, emulating
 * one viewer's access line (./link.ts) and toxiproxy's connection toxics. It works below HTTP,
 * so HTTP/1.1, HTTP/2 and TLS pass through unchanged.
 */
export class ImpairmentProxy extends EventSurface<ProxyEvents> {
  readonly #server: Server;
  readonly #target: ProxyTarget;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #seed: number;
  readonly #link: Link<DirectionPipe>;
  readonly #connections = new Map<number, ProxyConnection>();
  #base: Impairment;
  #profile: Profile | null = null;
  #profileStart = 0;
  #profileState: ProfileState | null = null;
  #profileTimer: NodeJS.Timeout | undefined;
  #current: Impairment;
  #nextId = 1;
  #address: AddressInfo | null = null;
  #closing: Promise<void> | null = null;
  #drained: (() => void) | null = null;
  readonly #totals = { down: 0, up: 0 };
  readonly #closed: Record<CloseCause, number> = {
    peer: 0,
    'upstream-error': 0,
    reset_peer: 0,
    timeout: 0,
    proxy: 0,
  };
  readonly #toxicHits: Record<string, number> = {};

  constructor(options: ProxyOptions) {
    super();
    this.#target = parseTarget(options.target);
    this.#now = options.now ?? (() => performance.now());
    this.#seed = options.seed ?? randomSeed();
    this.#random = seededRandom(this.#seed);
    this.#base = options.impairment ?? NO_IMPAIRMENT;
    checkImpairment(this.#base);
    if (options.profile != null) checkProfile(options.profile);
    this.#current = this.#base;
    this.#link = new Link(this.#current, this.#random, this.#now);
    this.#server = createServer({ allowHalfOpen: true, noDelay: true }, (socket) => this.#accept(socket));
    if (options.profile != null) this.#profile = options.profile;
  }

  /** Listens; resolves once clients can connect. */
  async listen(listen: ProxyOptions['listen'] = {}): Promise<void> {
    const host = listen.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        reject(
          error.code === 'EADDRINUSE'
            ? new LlhlsError(
                LlhlsErrorCode.PortInUse,
                `${host}:${listen.port} is in use; pick another --listen port, or 0 for any`,
              )
            : new LlhlsError(
                LlhlsErrorCode.InvalidFlag,
                `cannot listen on ${host}:${listen.port ?? 0} (${error.code ?? error.message})`,
              ),
        );
      };
      this.#server.once('error', onError);
      this.#server.listen(listen.port ?? 0, host, () => {
        this.#server.off('error', onError);
        resolve();
      });
    });
    this.#address = this.#server.address() as AddressInfo;
    if (this.#profile !== null) this.setProfile(this.#profile);
  }

  /** `host:port` clients connect to (IPv6 in brackets). */
  get address(): string {
    const a = this.#address;
    if (a === null) throw new Error('the proxy is not listening');
    return a.family === 'IPv6' ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
  }

  /** The target URL with the proxy's address in place of the origin's: what a player opens. */
  get url(): string {
    return this.#target.via(this.address);
  }

  /** Replaces the base impairment (a running profile's step still applies over it). */
  setImpairment(impairment: Impairment): void {
    checkImpairment(impairment);
    this.#base = impairment;
    this.#apply();
  }

  /** Starts a profile from its first step now, or (null) stops the running one. */
  setProfile(profile: Profile | null): void {
    if (profile !== null) checkProfile(profile);
    clearTimeout(this.#profileTimer);
    this.#profile = profile;
    this.#profileStart = this.#now();
    this.#profileState = null;
    if (profile === null) this.#apply();
    else this.#tick();
  }

  stats(): ProxyStats {
    let down = this.#totals.down;
    let up = this.#totals.up;
    for (const c of this.#connections.values()) {
      down += c.down.delivered;
      up += c.up.delivered;
    }
    return {
      listen: this.#address === null ? '' : this.address,
      target: this.#target.hostPort,
      seed: this.#seed,
      impairment: this.#current,
      profile: this.#profileState === null ? null : { ...this.#profileState },
      connections: { open: this.#connections.size, total: this.#nextId - 1 },
      bytes: { down, up },
      queued: { down: this.#link.down.model.queued, up: this.#link.up.model.queued },
      closed: { ...this.#closed },
      toxicHits: { ...this.#toxicHits },
    };
  }

  /** close() without waiting: for teardown paths that cannot await. */
  destroy(): void {
    void this.close();
  }

  /** Stops listening and closes every connection at once. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      clearTimeout(this.#profileTimer);
      const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
      // Resolves once every connection has reported both its sockets closed.
      const drained = new Promise<void>((resolve) => {
        if (this.#connections.size === 0) resolve();
        else this.#drained = resolve;
      });
      for (const c of [...this.#connections.values()]) c.destroy();
      this.#link.close();
      await Promise.all([closed, drained]);
    })();
    return this.#closing;
  }

  #tick = (): void => {
    const profile = this.#profile;
    if (profile === null) return;
    const position = profilePosition(profile, this.#now() - this.#profileStart);
    const changed =
      this.#profileState?.step !== position.index || this.#profileState.cycle !== position.cycle;
    this.#profileState = {
      name: profile.name,
      step: position.index,
      steps: profile.steps.length,
      cycle: position.cycle,
      nextInMs: position.nextInMs,
    };
    if (changed) this.#apply();
    // A step ends at an absolute time from the start: a late timer does not shift the rest.
    if (position.nextInMs !== null)
      this.#profileTimer = setTimeout(this.#tick, Math.max(1, position.nextInMs));
  };

  #apply(): void {
    const step =
      this.#profile === null || this.#profileState === null
        ? null
        : this.#profile.steps[this.#profileState.step];
    this.#current =
      step === undefined || step === null ? this.#base : applyPatch(this.#base, step.impairment);
    this.#link.set(this.#current);
    for (const c of this.#connections.values()) c.apply(this.#current);
    this.emit('impairment', {
      impairment: this.#current,
      profile: this.#profileState === null ? null : { ...this.#profileState },
    });
  }

  #accept(client: Socket): void {
    if (this.#closing !== null) {
      client.destroy();
      return;
    }
    const id = this.#nextId++;
    const connection = new ProxyConnection({
      id,
      client,
      target: this.#target,
      link: this.#link,
      impairment: this.#current,
      random: this.#random,
      now: this.#now,
      epochNow: () => Date.now(),
      hooks: {
        toxic: (event) => {
          if (event.action === 'hit') this.#toxicHits[event.toxic] = (this.#toxicHits[event.toxic] ?? 0) + 1;
          this.emit('toxic', event);
        },
        closed: (record) => {
          this.#connections.delete(id);
          this.#totals.down += record.bytesDown;
          this.#totals.up += record.bytesUp;
          this.#closed[record.cause] += 1;
          if (record.error !== null) this.emit('upstream-error', { id, error: record.error });
          this.emit('close', record);
          if (this.#connections.size === 0) this.#drained?.();
        },
      },
    });
    this.#connections.set(id, connection);
    this.emit('connection', { id, remote: `${client.remoteAddress}:${client.remotePort}` });
  }
}

/**
 * Starts an impairment proxy in front of `options.target` and resolves once it listens.
 *
 * ```ts
 * const proxy = await startProxy({ target: 'http://127.0.0.1:8080/playlist.m3u8',
 *   impairment: { ...NO_IMPAIRMENT, latencyMs: 50, downBitsPerSecond: 2e6 } });
 * proxy.url; // http://127.0.0.1:41234/playlist.m3u8
 * proxy.on('impairment', ({ impairment }) => ...);
 * await proxy.close();
 * ```
 */
export async function startProxy(options: ProxyOptions): Promise<ImpairmentProxy> {
  const proxy = new ImpairmentProxy(options);
  await proxy.listen(options.listen);
  return proxy;
}
