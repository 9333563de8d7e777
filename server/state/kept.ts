/**
 * Typed access to the values one extension keeps in the store: JSON under
 * the extension's name, per owner and key (see {@linkcode KeptRecord}).
 *
 * @example
 * ```ts
 * import { Kept } from "./kept.ts";
 * import { MemoryStore } from "./store.ts";
 * const store = new MemoryStore((n) => n.toLowerCase());
 * const topics = new Kept<string>("example-topics", "channel");
 * topics.put(store, "lobby", "", "Welcome");
 * topics.all(store); // [{ owner: "lobby", key: "", value: "Welcome" }]
 * ```
 *
 * @module
 */
import type { KeptRecord, Scope, Store } from "./store.ts";

/** One kept value, read back. */
export interface KeptValue<T> {
  /** The owner's name key; empty for the server. */
  readonly owner: string;
  /** The key within the owner; empty for one value. */
  readonly key: string;
  /** The value. */
  readonly value: T;
}

/** The values of type `T` an extension keeps for owners of one scope. */
export class Kept<T> {
  /** The extension's name. */
  readonly extension: string;
  /** What the owners are. */
  readonly scope: Scope;

  /** Values kept under `extension` for owners of `scope`. */
  constructor(extension: string, scope: Scope) {
    this.extension = extension;
    this.scope = scope;
  }

  /** Every value kept, of every owner. */
  all(store: Store): KeptValue<T>[] {
    return store.loadKept(this.extension)
      .filter((r) => r.scope === this.scope)
      .map((r) => ({ owner: r.owner, key: r.key, value: JSON.parse(r.value) as T }));
  }

  /** Keep `value` for `owner` under `key` (empty for the owner's one value). */
  put(store: Store, owner: string, key: string, value: T): void {
    const record: KeptRecord = {
      extension: this.extension,
      scope: this.scope,
      owner,
      key,
      value: JSON.stringify(value),
    };
    store.keep(record);
  }

  /** Drop the owner's value of `key`, or all of the owner's. */
  drop(store: Store, owner: string, key?: string): void {
    store.forget(this.extension, this.scope, owner, key);
  }
}
