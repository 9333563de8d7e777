/**
 * The time each database write takes, for /metrics: the store seen through
 * a proxy that times the methods that write and passes every other call
 * (and any method a store adds later) straight through.
 *
 * @example
 * ```ts
 * import { timeWrites } from "./timed_store.ts";
 * import { Histogram } from "./meters.ts";
 * import { MemoryStore } from "../state/store.ts";
 * const h = new Histogram();
 * const store = timeWrites(new MemoryStore((n) => n), h);
 * store.saveProfile({ name: "a", hash: "…", registeredOn: 0, lastSeen: 0 });
 * h.count; // 1
 * ```
 *
 * @module
 */
import type { Store } from "../state/store.ts";
import type { Histogram } from "./meters.ts";

/** The methods of a store that write. */
const WRITES: ReadonlySet<string | symbol> = new Set([
  "saveProfile",
  "deleteProfile",
  "saveChannel",
  "deleteChannel",
  "keep",
  "forget",
]);

/** `store`, with each write's seconds observed into `histogram`. */
export function timeWrites<S extends Store>(store: S, histogram: Histogram): S {
  return new Proxy(store, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      // Methods with private fields want the store itself as `this`.
      if (!WRITES.has(prop)) return value.bind(target);
      return (...args: unknown[]) => {
        const start = performance.now();
        try {
          return value.apply(target, args);
        } finally {
          histogram.observe((performance.now() - start) / 1000);
        }
      };
    },
  });
}
