import type { Impairment } from './impairment.js';
import { LinkDirection, type LinkDirectionConfig, type LinkFlow } from './link-direction.js';

/** Where a flow's bytes go once they have crossed the link. */
export interface DeliverySink {
  /** `data` (null: end of stream) reaches the far side at `at` (ms, the link's clock). */
  deliver(data: Buffer | null, at: number): void;
}

/** Each direction's share of an impairment: the round trip split in halves, jitter likewise. */
export function directionConfigs(imp: Impairment): { down: LinkDirectionConfig; up: LinkDirectionConfig } {
  const common = {
    oneWayDelayMs: imp.latencyMs / 2,
    jitterMs: imp.jitterMs / 2,
    loss: imp.loss,
    rttMs: imp.latencyMs,
  };
  return {
    down: { ...common, bitsPerSecond: imp.downBitsPerSecond },
    up: { ...common, bitsPerSecond: imp.upBitsPerSecond },
  };
}

/** Runs one link direction on timers: pumps it when bytes come and when it asks to be woken. */
export class LinkDriver<S extends DeliverySink> {
  readonly model: LinkDirection<S>;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #wakeAt: number | null = null;

  constructor(config: LinkDirectionConfig, random: () => number, now: () => number) {
    this.model = new LinkDirection(config, random);
    this.#now = now;
  }

  open(sink: S, holdUntil?: number): LinkFlow<S> {
    return this.model.open(sink, holdUntil);
  }

  send(flow: LinkFlow<S>, data: Buffer | null): void {
    this.model.enqueue(flow, data, this.#now());
    this.#pump();
  }

  remove(flow: LinkFlow<S>): void {
    this.model.remove(flow);
  }

  setConfig(config: LinkDirectionConfig): void {
    this.model.setConfig(config, this.#now());
    this.#pump();
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#wakeAt = null;
  }

  readonly #pump = (): void => {
    const now = this.#now();
    const { deliveries, wakeAt } = this.model.pump(now);
    for (const d of deliveries) d.flow.sink.deliver(d.data, d.at);
    if (wakeAt === this.#wakeAt && this.#timer !== undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#wakeAt = wakeAt;
    if (wakeAt === null) return;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#wakeAt = null;
        this.#pump();
      },
      Math.max(0, wakeAt - now),
    );
  };
}

/** One viewer's access line: the server → client and client → server directions. */
export class Link<S extends DeliverySink> {
  readonly down: LinkDriver<S>;
  readonly up: LinkDriver<S>;

  constructor(imp: Impairment, random: () => number, now: () => number) {
    const configs = directionConfigs(imp);
    this.down = new LinkDriver(configs.down, random, now);
    this.up = new LinkDriver(configs.up, random, now);
  }

  set(imp: Impairment): void {
    const configs = directionConfigs(imp);
    this.down.setConfig(configs.down);
    this.up.setConfig(configs.up);
  }

  close(): void {
    this.down.close();
    this.up.close();
  }
}
