/**
 * The registry of update classes, read from the machine-readable definitions
 * (`lichat.sexpr`, `shirakumo.sexpr`; spec §1.4) when the module loads.
 *
 * Class names are strings: `message` for the lichat package, `shirakumo:data`
 * for others. Slot keys likewise: `channel` for keywords, `shirakumo:bridge`
 * for slots named by other packages' symbols.
 *
 * @example
 * ```ts
 * import { defaultRegistry } from "./registry.ts";
 * defaultRegistry.isSubclass("message", "channel-update"); // true
 * defaultRegistry.get("message")!.slots.map((s) => s.key); // ["id", "clock", "from", …]
 * ```
 *
 * @module
 */
import { readAll } from "./reader.ts";
import { DEFINITIONS } from "./spec/definitions.generated.ts";
import { isSym, KEYWORD, LICHAT, type Sym, SymbolTable } from "./symbols.ts";
import type { Value } from "./values.ts";

/** A slot type from §1.4's TYPE rule, plus `(or A B)` used by extensions. */
export type SlotType =
  | { readonly kind: "simple"; readonly name: string }
  | { readonly kind: "list"; readonly of: SlotType | undefined }
  | { readonly kind: "or"; readonly options: readonly SlotType[] };

/** A slot of a class. */
export interface SlotDef {
  /** The field key in an update object (`channel`, `shirakumo:bridge`). */
  readonly key: string;
  /** The symbol that names the slot on the wire. */
  readonly sym: Sym;
  /** The slot's declared type. */
  readonly type: SlotType;
  /** May the slot be omitted? */
  readonly optional: boolean;
}

/** A class of wire objects. */
export interface ClassDef {
  /** `message`, `shirakumo:data`, … */
  readonly name: string;
  /** The symbol naming the class. */
  readonly sym: Sym;
  /** Direct superclasses' names. */
  readonly supers: readonly string[];
  /** Every slot, inherited ones first, in print order. */
  readonly slots: readonly SlotDef[];
  /** Slots by key. */
  readonly slotsByKey: ReadonlyMap<string, SlotDef>;
  /** Slots by their interned symbol, for readers that hold interned keys. */
  readonly slotsBySym: ReadonlyMap<Sym, SlotDef>;
  /** The slots that may not be omitted. */
  readonly required: readonly SlotDef[];
  /** This class and all its ancestors. */
  readonly ancestors: ReadonlySet<string>;
  /** The extension that introduced the class, if any (`shirakumo-data`). */
  readonly extension: string | undefined;
}

interface MutableClass {
  name: string;
  sym: Sym;
  supers: string[];
  ownSlots: SlotDef[];
  extension: string | undefined;
}

/** The name an update class or slot key has for a symbol. */
export function symbolKey(s: Sym, home: string): string {
  return s.package === home ? s.name : s.package + ":" + s.name;
}

function parseType(v: Value): SlotType {
  if (isSym(v)) return { kind: "simple", name: v.name };
  if (Array.isArray(v) && v.length >= 1 && isSym(v[0])) {
    const head = v[0].name;
    if (head === "list") {
      return { kind: "list", of: v.length > 1 ? parseType(v[1]) : undefined };
    }
    if (head === "or") return { kind: "or", options: v.slice(1).map(parseType) };
  }
  throw new Error(`bad slot type in definitions: ${JSON.stringify(v)}`);
}

function parseSlot(v: Value): SlotDef {
  if (!Array.isArray(v) || v.length < 2 || !isSym(v[0])) {
    throw new Error(`bad slot in definitions: ${JSON.stringify(v)}`);
  }
  const sym = v[0];
  const optional = v.length > 2 && isSym(v[2]) && v[2].package === KEYWORD &&
    v[2].name === "optional";
  return {
    key: symbolKey(sym, KEYWORD),
    sym,
    type: parseType(v[1]),
    optional,
  };
}

/**
 * Every class, with inheritance resolved. Construct it from definition texts;
 * {@linkcode defaultRegistry} holds the spec's own.
 */
export class Registry {
  readonly #classes = new Map<string, ClassDef>();
  /** The symbols a reader should recognise: classes, slots, protocol words. */
  readonly symbols: SymbolTable = new SymbolTable();
  /** The extensions the definitions name, in order. */
  readonly extensions: string[] = [];

  /** Build a registry from the texts of definition files (§1.4). */
  constructor(texts: readonly string[]) {
    const raw = new Map<string, MutableClass>();
    // Definitions are read with an empty table: every symbol is a placeholder
    // that still carries its package and name, which is all we need here.
    const scratch = new SymbolTable();
    for (const text of texts) {
      for (const def of readAll(text, { symbols: scratch })) {
        this.#define(def, raw, undefined);
      }
    }
    for (const name of raw.keys()) this.#finalize(name, raw, []);
    for (const word of PROTOCOL_WORDS) this.symbols.intern(word);
  }

  #define(def: Value, raw: Map<string, MutableClass>, extension: string | undefined): void {
    if (!Array.isArray(def) || !isSym(def[0])) {
      throw new Error(`bad definition: ${JSON.stringify(def)}`);
    }
    const head = def[0].name;
    if (head === "define-package") {
      this.symbols.addPackage(String(def[1]).toLowerCase());
    } else if (head === "define-extension") {
      const ext = String(def[1]);
      this.extensions.push(ext);
      for (const sub of def.slice(2)) this.#define(sub, raw, ext);
    } else if (head === "define-object" || head === "define-object-extension") {
      const sym = def[1] as Sym;
      const name = symbolKey(sym, LICHAT);
      const supers = (def[2] as Value[]).map((s) => symbolKey(s as Sym, LICHAT));
      // Slot symbols are interned, so that a slot's `sym` is the known symbol
      // the reader returns for it.
      const slots = def.slice(3).map(parseSlot).map((slot) => ({
        ...slot,
        sym: this.symbols.intern(slot.sym.name, slot.sym.package),
      }));
      const existing = raw.get(name);
      if (head === "define-object-extension") {
        if (!existing) throw new Error(`extension of unknown class ${name}`);
        existing.supers.push(...supers.filter((s) => !existing.supers.includes(s)));
        existing.ownSlots.push(...slots);
      } else {
        raw.set(name, { name, sym, supers, ownSlots: slots, extension });
      }
    } else {
      throw new Error(`unknown definition ${head}`);
    }
  }

  #finalize(name: string, raw: Map<string, MutableClass>, path: string[]): ClassDef {
    const done = this.#classes.get(name);
    if (done) return done;
    const m = raw.get(name);
    if (!m) throw new Error(`unknown superclass ${name}`);
    if (path.includes(name)) throw new Error(`circular inheritance at ${name}`);
    const slots: SlotDef[] = [];
    const byKey = new Map<string, SlotDef>();
    const ancestors = new Set<string>([name]);
    const add = (s: SlotDef) => {
      if (!byKey.has(s.key)) slots.push(s);
      else slots[slots.findIndex((x) => x.key === s.key)] = s; // a redefinition narrows the type
      byKey.set(s.key, s);
    };
    for (const sup of m.supers) {
      const sc = this.#finalize(sup, raw, [...path, name]);
      for (const a of sc.ancestors) ancestors.add(a);
      for (const s of sc.slots) add(s);
    }
    for (const s of m.ownSlots) add(s);
    const sym = this.symbols.intern(m.sym.name, m.sym.package);
    for (const s of slots) this.symbols.intern(s.sym.name, s.sym.package);
    const cls: ClassDef = {
      name,
      sym,
      supers: m.supers,
      slots,
      slotsByKey: byKey,
      required: slots.filter((s) => !s.optional),
      slotsBySym: new Map(slots.map((s) => [this.symbols.intern(s.sym.name, s.sym.package), s])),
      ancestors,
      extension: m.extension,
    };
    this.#classes.set(name, cls);
    return cls;
  }

  /** The class of that name (`message`, `shirakumo:data`), if known. */
  get(name: string): ClassDef | undefined {
    return this.#classes.get(name);
  }

  /** Is `name` a known class that is `ancestor` or inherits from it? */
  isSubclass(name: string, ancestor: string): boolean {
    return this.#classes.get(name)?.ancestors.has(ancestor) ?? false;
  }

  /** Every class. */
  classes(): IterableIterator<ClassDef> {
    return this.#classes.values();
  }
}

/**
 * Lichat-package symbols used in values rather than as class or slot names:
 * booleans, permission rule operators, and server-info attribute names.
 */
const PROTOCOL_WORDS = [
  "t",
  "nil",
  "+",
  "-",
  "channels",
  "registered-on",
  "connected-on",
  "ip",
  "transport",
];

/**
 * Where the definitions and the prose disagree, what clients send: the prose
 * of `set-user-info` (shirakumo.mess §14) and lichat-js give its `key` as a
 * symbol (`:real-name`), `shirakumo.sexpr` as a string; both are read. The
 * prose of shirakumo-bridge (§11) and lichat-js name the field `:bridge`,
 * the definitions `shirakumo:bridge`; both are read. The prose makes the
 * `mask` of `ip-ban` and `ip-unban` (§10) optional, the definitions not;
 * likewise the `channel` of `emotes` (§3). The prose of shirakumo-shared-identity
 * (§15) uses an `identity-already-used` failure and a `shares` field that the
 * definitions lack; they are added.
 */
export const ERRATA = `
(define-object-extension shirakumo:set-user-info ()
  (:key (or symbol string)))
(define-object-extension lichat:channel-update ()
  (:bridge string :optional))
(define-object-extension shirakumo:ip-ban ()
  (:mask string :optional))
(define-object-extension shirakumo:ip-unban ()
  (:mask string :optional))
(define-object-extension shirakumo:emotes ()
  (:channel string :optional))
(define-object shirakumo:identity-already-used (lichat:update-failure))
(define-object-extension shirakumo:list-shared-identities ()
  (:shares list :optional))
`;

/**
 * The registry of every class in the spec's `lichat.sexpr` and
 * `shirakumo.sexpr`, with {@linkcode ERRATA}.
 */
export const defaultRegistry: Registry = new Registry([...DEFINITIONS, ERRATA]);
