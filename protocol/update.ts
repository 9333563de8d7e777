/**
 * Updates as typed objects, and the checks of spec §1.2 and §1.4 that turn a
 * read list into one.
 *
 * An update is a plain object: `type` is its class name (`message`,
 * `shirakumo:data`), and every other key is a slot (`id`, `channel`,
 * `shirakumo:bridge`). Unset optional slots are absent.
 *
 * @example
 * ```ts
 * import { toUpdate } from "./update.ts";
 * import { readValue } from "./reader.ts";
 * import { defaultRegistry as reg } from "./registry.ts";
 * const u = toUpdate(readValue("(ping :id 1)", { symbols: reg.symbols }), reg);
 * u.type; // "ping"
 * ```
 *
 * @module
 */
import { LichatError } from "./errors.ts";
import type { Registry, SlotType } from "./registry.ts";
import { isNil, isSym, KEYWORD, LICHAT, NIL, type Sym, T } from "./symbols.ts";
import type { Id, Value } from "./values.ts";

/** Any update: its class name and its slots. */
export interface Update {
  /** Class name: `message`, `shirakumo:data`, … */
  readonly type: string;
  /** The sender's id for this update (§3). */
  id: Id;
  /** Time of sending, in seconds since 1900-01-01 UTC. */
  clock?: number | bigint;
  /** The sending user's name. */
  from?: string;
  /** Every other slot, by key. */
  [slot: string]: Value | undefined;
}

/** Is `v` a valid update id? */
export function isId(v: unknown): v is Id {
  return (typeof v === "number" && Number.isFinite(v) && v >= 0) || typeof v === "bigint";
}

/** Does `v` conform to the slot type `t` (§1.4)? */
export function conforms(v: Value, t: SlotType): boolean {
  switch (t.kind) {
    case "list":
      return Array.isArray(v) && (t.of === undefined || v.every((e) => conforms(e, t.of!)));
    case "or":
      return t.options.some((o) => conforms(v, o));
    case "simple":
      switch (t.name) {
        case "number":
        case "id":
          return typeof v === "number" || typeof v === "bigint";
        case "integer":
        case "time":
          return typeof v === "bigint" || Number.isInteger(v);
        case "float":
          return typeof v === "number";
        case "symbol":
          return isSym(v);
        case "keyword":
          return isSym(v) && v.package === KEYWORD;
        case "boolean":
          return isNil(v) || (isSym(v) && v.package === LICHAT && v.name === "t");
        case "null":
          return isNil(v);
        case "true":
          return isSym(v) && v.package === LICHAT && v.name === "t";
        case "list":
          return Array.isArray(v);
        case "string":
        case "username":
        case "channelname":
        case "password":
          return typeof v === "string";
        case "object":
          return Array.isArray(v) && v.length > 0 && isSym(v[0]);
        case "t":
          return true;
      }
      return false;
  }
}

/** What NIL on the wire becomes for a slot of type `t`: a list, NIL, or unset. */
function nilFor(t: SlotType): Value | undefined {
  if (conforms([], t)) return [];
  if (conforms(NIL, t)) return NIL;
  return undefined;
}

function describe(t: SlotType): string {
  switch (t.kind) {
    case "simple":
      return t.name;
    case "list":
      return t.of ? `(list ${describe(t.of)})` : "list";
    case "or":
      return `(or ${t.options.map(describe).join(" ")})`;
  }
}

/**
 * Turn a read value into an update, checking §1.2 (shape), §5.1 step 3 (a
 * known subclass of `update`) and §1.4 (required slots and slot types).
 * Unknown keyword arguments are ignored (§6). Throws {@linkcode LichatError}
 * with the failure kind the spec prescribes and, once known, the update's id.
 */
export function toUpdate(form: Value, reg: Registry): Update {
  if (!Array.isArray(form) || form.length === 0) {
    throw new LichatError("malformed-update", "an update must be a non-empty list");
  }
  const head = form[0];
  if (!isSym(head)) {
    throw new LichatError("malformed-update", "an update must start with a symbol");
  }
  if (form.length % 2 === 0) {
    throw new LichatError("malformed-update", "keys and values do not pair up", findId(form));
  }
  for (let i = 1; i < form.length; i += 2) {
    const k = form[i];
    // §1.2 wants keywords; §6 also allows symbols of extension packages.
    if (!isSym(k) || k.package === LICHAT) {
      throw new LichatError("malformed-update", "keys must be keywords", findId(form));
    }
  }
  const type = head.package === LICHAT ? head.name : head.package + ":" + head.name;
  const cls = head.known ? reg.get(type) : undefined;
  if (!cls || !cls.ancestors.has("update")) {
    throw new LichatError("invalid-update", `${type} is not an update class`, findId(form));
  }
  const out: Update = { type, id: undefined as unknown as Id };
  // Slots given as NIL that mean "unset"; rare, so only made when needed.
  let nils: Set<string> | undefined;
  for (let i = 1; i < form.length; i += 2) {
    const k = form[i] as Sym;
    // Known keys are interned symbols; unknown ones are placeholders (§6).
    const slot = cls.slotsBySym.get(k);
    if (!slot) continue;
    const key = slot.key;
    // Repeated: the first wins.
    if (out[key] !== undefined || nils?.has(key)) continue;
    let v: Value = form[i + 1];
    if (isNil(v)) {
      const nil = nilFor(slot.type);
      if (nil === undefined) {
        (nils ??= new Set()).add(key);
        continue;
      }
      v = nil;
    }
    if (!checkerFor(slot.type)(v)) {
      throw new LichatError(
        "malformed-update",
        `the ${key} field must be of type ${describe(slot.type)}`,
        findId(form),
      );
    }
    out[key] = v;
  }
  for (const slot of cls.required) {
    if (out[slot.key] === undefined) {
      const why = nils?.has(slot.key) ? "may not be NIL" : "is required";
      throw new LichatError("malformed-update", `the ${slot.key} field ${why}`, findId(form));
    }
  }
  return out;
}

/** The readable `:id` of a list form, for naming it in errors. */
function findId(form: readonly Value[]): Id | undefined {
  for (let i = 1; i + 1 < form.length; i += 2) {
    const k = form[i];
    if (isSym(k) && k.package === KEYWORD && k.name === "id" && isId(form[i + 1])) {
      return form[i + 1] as Id;
    }
  }
  return undefined;
}

const checkers = new WeakMap<SlotType, (v: Value) => boolean>();

/** A predicate for a slot type, made once per type: the hot path of reading. */
function checkerFor(t: SlotType): (v: Value) => boolean {
  let c = checkers.get(t);
  if (!c) {
    if (
      t.kind === "simple" &&
      (t.name === "string" || t.name === "username" || t.name === "channelname" ||
        t.name === "password")
    ) {
      c = (v) => typeof v === "string";
    } else if (t.kind === "simple" && t.name === "id") {
      c = isId;
    } else {
      c = (v) => conforms(v, t);
    }
    checkers.set(t, c);
  }
  return c;
}

/** `T` or `NIL` for a boolean. */
export function bool(b: boolean): Value {
  return b ? T : NIL;
}
