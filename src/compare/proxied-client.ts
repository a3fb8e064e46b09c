import type { ClientOutcome, MeasureClient, MeasureContext } from '../run/measure-client.js';
import type { ClientInfo } from '../run/types.js';

/**
 * A client that plays the stream through its own impairment proxy: `url` is the playlist at the
 * proxy's address. Each client gets its own proxy, as each viewer has its own access line: a
 * bandwidth limit is not shared between the Node client and Chromium.
 */
export class ProxiedClient implements MeasureClient {
  readonly kind: MeasureClient['kind'];
  readonly #inner: MeasureClient;
  readonly #url: string;

  constructor(inner: MeasureClient, url: string) {
    this.#inner = inner;
    this.#url = url;
    this.kind = inner.kind;
  }

  info(): ClientInfo {
    const info = this.#inner.info();
    return { ...info, config: { ...info.config, via: this.#url } };
  }

  run(ctx: MeasureContext): Promise<ClientOutcome> {
    return this.#inner.run({ ...ctx, url: this.#url });
  }
}
