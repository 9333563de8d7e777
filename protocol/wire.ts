/**
 * Reading and printing whole updates: the protocol library's front door.
 *
 * @example
 * ```ts
 * import { printUpdate, readUpdate } from "./wire.ts";
 * const u = readUpdate('(MESSAGE :ID 7 :CHANNEL "lobby" :TEXT "hi")');
 * printUpdate(u); // '(message :id 7 :channel "lobby" :text "hi")'
 * ```
 *
 * @module
 */
import { LichatError } from "./errors.ts";
import { isValidName } from "./names.ts";
import { printString, printSymbol, printValue } from "./printer.ts";
import { type ReadOptions, readValue } from "./reader.ts";
import { type ClassDef, defaultRegistry, type Registry } from "./registry.ts";
import { isNil } from "./symbols.ts";
import { toUpdate, type Update } from "./update.ts";

/** Options for {@linkcode readUpdate}. */
export interface ReadUpdateOptions extends Partial<ReadOptions> {
  /** The classes to read against (default: the spec's). */
  readonly registry?: Registry;
}

/**
 * Read one update from its wire text (without the terminating NUL) and check
 * it per §1.2, §1.4 and §5.1 step 3.
 */
export function readUpdate(text: string, opts: ReadUpdateOptions = {}): Update {
  const reg = opts.registry ?? defaultRegistry;
  const form = readValue(text, {
    symbols: reg.symbols,
    maxDepth: opts.maxDepth,
    maxElements: opts.maxElements,
  });
  return toUpdate(form, reg);
}

/** The fields whose names §5.1 step 4 checks. */
const NAME_FIELDS = ["from", "channel", "target"] as const;

/**
 * §5.1 step 4: throw `bad-name` if `from`, `channel` or `target` holds a
 * string that is not a valid name.
 */
export function checkNames(u: Update): void {
  for (const f of NAME_FIELDS) {
    const v = u[f];
    if (typeof v === "string" && !isValidName(v)) {
      throw new LichatError("bad-name", `the ${f} field is not a valid name`, u.id);
    }
  }
}

interface PrintPlan {
  readonly head: string;
  readonly slots: readonly { key: string; prefix: string; optional: boolean }[];
}

const plans = new WeakMap<ClassDef, PrintPlan>();

function planFor(cls: ClassDef): PrintPlan {
  let p = plans.get(cls);
  if (!p) {
    p = {
      head: "(" + printSymbol(cls.sym),
      slots: cls.slots.map((s) => ({
        key: s.key,
        prefix: " " + printSymbol(s.sym) + " ",
        optional: s.optional,
      })),
    };
    plans.set(cls, p);
  }
  return p;
}

/**
 * Print an update's wire text (without NUL): slots in definition order,
 * unset or NIL optional slots left out (§1.2). Throws `unprintable` for an
 * unknown class or a missing required slot.
 */
export function printUpdate(u: Update, registry: Registry = defaultRegistry): string {
  const cls = registry.get(u.type);
  if (!cls) throw new LichatError("unprintable", `unknown update class ${u.type}`);
  const plan = planFor(cls);
  let out = plan.head;
  for (const s of plan.slots) {
    const v = u[s.key];
    if (v === undefined || (s.optional && isNil(v))) {
      if (s.optional) continue;
      throw new LichatError("unprintable", `${u.type} lacks its required ${s.key} field`);
    }
    out += s.prefix;
    out += typeof v === "string" ? printString(v) : printValue(v);
  }
  return out + ")";
}
