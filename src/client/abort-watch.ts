/** Something a signal's abort must reach (an in-flight request). */
export interface Abortable {
  onAbort(signal: AbortSignal): void;
}

const watched = new WeakMap<AbortSignal, Set<Abortable>>();

/**
 * Registers `target` for `signal`'s abort. One listener per signal fans out to every registered
 * target: a viewer's signal outlives thousands of requests, and an `addEventListener` /
 * `removeEventListener` pair per request costs more than a Set insert and delete.
 */
export function watchAbort(signal: AbortSignal, target: Abortable): void {
  let targets = watched.get(signal);
  if (targets === undefined) {
    const set = new Set<Abortable>();
    targets = set;
    watched.set(signal, set);
    signal.addEventListener(
      'abort',
      () => {
        for (const t of [...set]) t.onAbort(signal);
        set.clear();
      },
      { once: true },
    );
  }
  targets.add(target);
}

/** Forgets `target` (its request ended). */
export function unwatchAbort(signal: AbortSignal, target: Abortable): void {
  watched.get(signal)?.delete(target);
}
