import { Client, type Dispatcher } from 'undici';
import { connectOptions, DEFAULT_TLS, type TlsOptions } from '../tls-options.js';

interface Lane {
  client: Client;
  /** Requests dispatched on this connection and not yet ended (counted here, exactly). */
  inFlight: number;
}

export interface ConnectionLanesOptions {
  /** Connections per origin at most. */
  connections: number;
  timeoutMs: number;
  /** Which TLS certificates to trust (default: the public authorities). */
  tls?: TlsOptions;
}

/**
 * Keep-alive connections per origin, one request at a time each (no pipelining), picked by this
 * class rather than by undici's Pool: a request goes to the first connection with nothing in
 * flight, counted synchronously when the previous response ends. undici's Pool marks a
 * connection free only after a deferred `drain`, so a viewer that sends its next request at once
 * opens extra connections that then idle out and reconnect; and its search for a free
 * connection is linear in the busy ones. Past `connections`, requests queue on the least busy.
 */
export class ConnectionLanes {
  readonly #options: ConnectionLanesOptions;
  readonly #lanes = new Map<string, Lane[]>();

  constructor(options: ConnectionLanesOptions) {
    this.#options = options;
  }

  /**
   * Dispatches `options` (with `origin`) on a lane; `handler` must call the returned `done`
   * once when the request ends (complete or error).
   */
  dispatch(
    origin: string,
    options: Dispatcher.DispatchOptions,
    handler: Dispatcher.DispatchHandler,
  ): () => void {
    const lane = this.#pick(origin);
    lane.inFlight += 1;
    let ended = false;
    const done = (): void => {
      if (ended) return;
      ended = true;
      lane.inFlight -= 1;
    };
    try {
      lane.client.dispatch(options, handler);
    } catch (error) {
      done();
      throw error;
    }
    return done;
  }

  #pick(origin: string): Lane {
    let lanes = this.#lanes.get(origin);
    if (lanes === undefined) {
      lanes = [];
      this.#lanes.set(origin, lanes);
    }
    let least: Lane | undefined;
    for (const lane of lanes) {
      if (lane.inFlight === 0) return lane;
      if (least === undefined || lane.inFlight < least.inFlight) least = lane;
    }
    if (least !== undefined && lanes.length >= this.#options.connections) return least;
    const lane: Lane = {
      client: new Client(origin, {
        keepAliveTimeout: 30_000,
        headersTimeout: this.#options.timeoutMs,
        bodyTimeout: this.#options.timeoutMs,
        connect: connectOptions(this.#options.tls ?? DEFAULT_TLS),
      }),
      inFlight: 0,
    };
    lanes.push(lane);
    return lane;
  }

  async close(): Promise<void> {
    const clients = [...this.#lanes.values()].flat().map((lane) => lane.client.destroy());
    this.#lanes.clear();
    await Promise.all(clients);
  }
}
