/**
 * A tiny typed event emitter with matching register/unregister (as hls.js components do), so the
 * origin learns of new parts without polling. Pure: listeners run synchronously.
 */
export type Listener<T> = (payload: T) => void;

export class EventSurface<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>();

  /** Registers a listener; returns the matching unregister function. */
  on<K extends keyof Events>(type: K, listener: Listener<Events[K]>): () => void {
    let set = this.#listeners.get(type);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(type, set);
    }
    set.add(listener as Listener<never>);
    return () => this.off(type, listener);
  }

  off<K extends keyof Events>(type: K, listener: Listener<Events[K]>): void {
    this.#listeners.get(type)?.delete(listener as Listener<never>);
  }

  /** Number of listeners registered for `type` (tests use it to prove nothing leaks). */
  listenerCount(type: keyof Events): number {
    return this.#listeners.get(type)?.size ?? 0;
  }

  protected emit<K extends keyof Events>(type: K, payload: Events[K]): void {
    const set = this.#listeners.get(type);
    if (set === undefined) return;
    for (const listener of [...set]) (listener as Listener<Events[K]>)(payload);
  }
}
