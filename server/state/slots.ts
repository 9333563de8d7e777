/**
 * State an extension keeps beside the core's objects: per channel, per
 * profile, or per server (one actor). Each slot holds its values in a
 * `WeakMap`, made on first use, so the core's objects need no field for
 * any extension and an extension's state goes with the object it is for.
 *
 * @example
 * ```ts
 * import { slot } from "./slots.ts";
 * const pauses = slot((_channel: object) => ({ seconds: 0 }));
 * const lobby = {};
 * pauses.get(lobby).seconds = 5;
 * pauses.get(lobby).seconds; // 5
 * ```
 *
 * @module
 */

/** Values of type `T` kept per object of type `O`. */
export interface Slot<O extends object, T> {
  /** The value for `owner`, made by the slot's `init` on first use. */
  get(owner: O): T;
  /** The value for `owner` if one was made. */
  peek(owner: O): T | undefined;
  /** Replace the value for `owner`. */
  set(owner: O, value: T): void;
  /** Forget the value for `owner`. */
  delete(owner: O): void;
}

/** A slot whose values `init` makes from their owner. */
export function slot<O extends object, T>(init: (owner: O) => T): Slot<O, T> {
  const values = new WeakMap<O, T>();
  return {
    get(owner) {
      let v = values.get(owner);
      if (v === undefined) values.set(owner, v = init(owner));
      return v;
    },
    peek: (owner) => values.get(owner),
    set: (owner, value) => void values.set(owner, value),
    delete: (owner) => void values.delete(owner),
  };
}
