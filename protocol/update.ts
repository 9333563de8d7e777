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
import type { ClassDef, Registry, SlotDef, SlotType } from "./registry.ts";
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

/** The empty list that NIL becomes in list slots (never handed out: see nilFor). */
const ALL_EMPTY: readonly Value[] = Object.freeze([]);

/**
 * What NIL on the wire becomes for a slot of type `t`: the empty list
 * ({@linkcode ALL_EMPTY} in read plans, copied when used), NIL, or unset.
 */
function nilFor(t: SlotType): Value | undefined {
  if (conforms([], t)) return ALL_EMPTY;
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

// How a slot's value is checked: the common types inline, the rest by conforms().
const CHECK_STRING = 0, CHECK_ID = 1, CHECK_INTEGER = 2, CHECK_OTHER = 3;

/** What reading needs to know about one slot of one class. */
interface SlotPlan {
  readonly slot: SlotDef;
  /** The slot's bit in the masks of {@linkcode ReadPlan}, or 0 past the 31st slot. */
  readonly bit: number;
  /** One of the `CHECK_` constants. */
  readonly check: number;
  /** What NIL on the wire becomes: a value, or undefined for "unset". */
  readonly nil: Value | undefined;
}

/** A class's slots by their interned symbols and by key, made once per class. */
interface ReadPlan {
  readonly cls: ClassDef;
  readonly bySym: ReadonlyMap<Sym, SlotPlan>;
  readonly byKey: ReadonlyMap<string, SlotPlan>;
  /** The bits of the required slots. */
  readonly requiredMask: number;
  /** Whether some slot has no bit, so that checks fall back to the object. */
  readonly wide: boolean;
}

const readPlans = new WeakMap<ClassDef, ReadPlan>();

function checkFor(t: SlotType): number {
  if (t.kind !== "simple") return CHECK_OTHER;
  switch (t.name) {
    case "string":
    case "username":
    case "channelname":
    case "password":
      return CHECK_STRING;
    case "id":
      return CHECK_ID;
    case "integer":
    case "time":
      return CHECK_INTEGER;
    default:
      return CHECK_OTHER;
  }
}

function readPlanFor(cls: ClassDef): ReadPlan {
  let plan = readPlans.get(cls);
  if (plan) return plan;
  const bySym = new Map<Sym, SlotPlan>();
  const byKey = new Map<string, SlotPlan>();
  let requiredMask = 0;
  for (const [sym, slot] of cls.slotsBySym) {
    // Keys must be keywords or extension symbols (§1.2, §6): a slot named by a
    // lichat symbol is left out, so that its key is rejected like any other.
    if (sym.package === LICHAT) continue;
    const i = cls.slots.indexOf(slot);
    const bit = i < 31 ? 1 << i : 0;
    if (!slot.optional) requiredMask |= bit;
    const p = { slot, bit, check: checkFor(slot.type), nil: nilFor(slot.type) };
    bySym.set(sym, p);
    byKey.set(slot.key, p);
  }
  plan = { cls, bySym, byKey, requiredMask, wide: cls.slots.length > 31 };
  readPlans.set(cls, plan);
  return plan;
}

/** Per registry, the read plan (or null: not an update class) of each interned class symbol. */
const headPlans = new WeakMap<Registry, Map<Sym, ReadPlan | null>>();
/** The registry last read with, and its entry of {@linkcode headPlans}: usually there is one. */
let lastRegistry: Registry | undefined;
let lastHeads: Map<Sym, ReadPlan | null> | undefined;

/** The class name a head symbol stands for: `message`, `shirakumo:data`. */
function typeName(head: Sym): string {
  return head.package === LICHAT ? head.name : head.package + ":" + head.name;
}

/** The read plan of the update class `head` names, or null if it names none. */
function planForHead(head: Sym, reg: Registry): ReadPlan | null {
  let heads = lastHeads;
  if (reg !== lastRegistry || heads === undefined) {
    heads = headPlans.get(reg);
    if (heads === undefined) headPlans.set(reg, heads = new Map());
    lastRegistry = reg;
    lastHeads = heads;
  }
  let plan = heads.get(head);
  if (plan !== undefined) return plan;
  const cls = head.known ? reg.get(typeName(head)) : undefined;
  plan = cls && cls.ancestors.has("update") ? readPlanFor(cls) : null;
  // Only the registry's own symbols are remembered, so that made-up symbols
  // cannot grow the table.
  if (reg.symbols.find(head.name, head.package) === head) heads.set(head, plan);
  return plan;
}

function conformsAs(v: Value, check: number, t: SlotType): boolean {
  switch (check) {
    case CHECK_STRING:
      return typeof v === "string";
    case CHECK_ID:
      return isId(v);
    case CHECK_INTEGER:
      return typeof v === "bigint" || Number.isInteger(v);
    default:
      return conforms(v, t);
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
  const n = form.length;
  if (n % 2 === 0) {
    throw new LichatError("malformed-update", "keys and values do not pair up", findId(form));
  }
  const plan = planForHead(head, reg);
  if (plan === null) {
    for (let i = 1; i < n; i += 2) checkKey(form, i);
    const type = typeName(head);
    throw new LichatError("invalid-update", `${type} is not an update class`, findId(form));
  }
  const cls = plan.cls;
  const out: Update = { type: cls.name, id: undefined as unknown as Id };
  // Bits of the slots met so far, and of those met as NIL that mean "unset".
  let seen = 0;
  let unset = 0;
  // For classes with more than 31 slots: the keys of bitless slots given as NIL.
  let wideNils: Set<string> | undefined;
  for (let i = 1; i < n; i += 2) {
    // Known keys are interned symbols; unknown ones are placeholders (§6).
    const p = plan.bySym.get(form[i] as Sym);
    if (p === undefined) {
      checkKey(form, i);
      continue;
    }
    const key = p.slot.key;
    // Repeated: the first wins.
    if (p.bit !== 0 ? (seen & p.bit) !== 0 : out[key] !== undefined || wideNils?.has(key)) {
      continue;
    }
    seen |= p.bit;
    let v: Value = form[i + 1];
    // NIL, and `()` where a list does not fit: in Lisp, and so from Lisp
    // printers, `()` is NIL.
    if (
      typeof v === "object" &&
      (isNil(v) || (p.nil !== ALL_EMPTY && Array.isArray(v) && v.length === 0))
    ) {
      if (p.nil === undefined) {
        if (p.bit !== 0) unset |= p.bit;
        else (wideNils ??= new Set()).add(key);
        continue;
      }
      // A fresh list each time: updates may be changed by their receivers.
      v = p.nil === ALL_EMPTY ? [] : p.nil;
    }
    if (!conformsAs(v, p.check, p.slot.type)) {
      throw new LichatError(
        "malformed-update",
        `the ${key} field must be of type ${describe(p.slot.type)}`,
        findId(form),
      );
    }
    out[key] = v;
  }
  if (((seen & ~unset) & plan.requiredMask) !== plan.requiredMask || plan.wide) {
    for (const slot of cls.required) {
      if (out[slot.key] === undefined) {
        const bit = plan.byKey.get(slot.key)?.bit ?? 0;
        const wasNil = bit !== 0 ? (unset & bit) !== 0 : wideNils?.has(slot.key);
        const why = wasNil ? "may not be NIL" : "is required";
        throw new LichatError("malformed-update", `the ${slot.key} field ${why}`, findId(form));
      }
    }
  }
  return out;
}

/** §1.2: keys are keywords (or, per §6, symbols of extension packages). */
function checkKey(form: readonly Value[], i: number): void {
  const k = form[i];
  if (!isSym(k) || k.package === LICHAT) {
    throw new LichatError("malformed-update", "keys must be keywords", findId(form));
  }
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

/** `T` or `NIL` for a boolean. */
export function bool(b: boolean): Sym {
  return b ? T : NIL;
}
