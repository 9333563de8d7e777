/**
 * A seeded generator of random wire values and valid updates of every class,
 * for the protocol's property tests and the server's fuzz test.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  type ClassDef,
  defaultRegistry,
  makeSym,
  type SlotType,
  type Sym,
  type Update,
  type Value,
} from "../../protocol/mod.ts";
import { int, pick, type Random } from "./prng.ts";

export const reg = defaultRegistry;

/** The interned symbol `pkg:name`, which must exist. */
export function known(name: string, pkg = "lichat"): Sym {
  const s = reg.symbols.find(name, pkg);
  assert.ok(s, `${pkg}:${name} is known`);
  return s;
}

export const NIL = known("nil");
export const T = known("t");
export const KNOWN_SYMBOLS: Sym[] = [...reg.classes()].flatMap((
  c,
) => [c.sym, ...c.slots.map((s) => s.sym)]);
export const KNOWN_KEYWORDS = KNOWN_SYMBOLS.filter((s) => s.package === "keyword");
export const UPDATE_CLASSES = [...reg.classes()].filter((c) => c.ancestors.has("update"));

/** Characters for strings: quotes, backslashes, white space, delimiters, unicode, NUL. */
export const STRING_CHARS = [
  "a",
  "Z",
  "0",
  " ",
  '"',
  "\\",
  "(",
  ")",
  ":",
  ".",
  "\n",
  "\t",
  "\r",
  "é",
  "日",
  "😀",
  "\u0301",
  "مر",
  "\u00a0",
  "\0",
];
/** Characters for unknown symbol names: already lower case, many needing escapes. */
export const NAME_CHARS = [
  "a",
  "z",
  "-",
  "+",
  "*",
  "1",
  "9",
  " ",
  ":",
  "(",
  ")",
  '"',
  "\\",
  ".",
  "#",
  "é",
  "日",
  "😀",
  "\t",
];

/** A generator of random wire values and updates. */
export class Gen {
  constructor(readonly rand: Random) {}

  int(n: number): number {
    return int(this.rand, n);
  }

  chance(p: number): boolean {
    return this.rand() < p;
  }

  string(): string {
    return Array.from({ length: this.int(14) }, () => pick(this.rand, STRING_CHARS)).join("");
  }

  name(): string {
    return "x-" + Array.from({ length: this.int(8) }, () => pick(this.rand, NAME_CHARS)).join("");
  }

  integer(): number | bigint {
    switch (this.int(5)) {
      case 0:
        return this.int(10);
      case 1:
        return this.int(2 ** 31);
      case 2:
        return Math.floor(this.rand() * Number.MAX_SAFE_INTEGER);
      case 3:
        // Small bigints read back as numbers (see normalise).
        return BigInt(this.int(1000));
      default:
        return BigInt(Number.MAX_SAFE_INTEGER) + 1n +
          BigInt(this.int(1e9)) * 10n ** BigInt(this.int(30));
    }
  }

  float(): number {
    return this.chance(0.2) ? this.rand() * 1e-10 : this.int(1e6) + this.rand();
  }

  number(): number | bigint {
    return this.chance(0.3) ? this.float() : this.integer();
  }

  symbol(): Sym {
    switch (this.int(6)) {
      case 0:
        return pick(this.rand, KNOWN_SYMBOLS);
      case 1:
        return this.chance(0.5) ? T : NIL;
      case 2:
        return makeSym(this.name(), "keyword", false);
      case 3:
        return makeSym(this.name(), "shirakumo", false);
      case 4:
        return makeSym(this.name(), "p-" + this.name(), false);
      default:
        return makeSym(this.name(), "lichat", false);
    }
  }

  any(depth: number): Value {
    switch (this.int(depth > 2 ? 4 : 5)) {
      case 0:
        return this.string();
      case 1:
        return this.number();
      case 2:
        return this.symbol();
      case 3:
        return [];
      default:
        return Array.from({ length: this.int(4) }, () => this.any(depth + 1));
    }
  }

  /** A value conforming to `t`. */
  value(t: SlotType, depth = 0): Value {
    if (t.kind === "list") {
      return Array.from(
        { length: this.int(4) },
        () => t.of ? this.value(t.of, depth + 1) : this.any(depth + 1),
      );
    }
    if (t.kind === "or") return this.value(pick(this.rand, t.options), depth);
    switch (t.name) {
      case "string":
      case "username":
      case "channelname":
      case "password":
        return this.string();
      case "id":
      case "number":
        return this.number();
      case "integer":
      case "time":
        return this.integer();
      case "float":
        return this.float();
      case "symbol":
        return this.symbol();
      case "keyword":
        return this.chance(0.5)
          ? pick(this.rand, KNOWN_KEYWORDS)
          : makeSym(this.name(), "keyword", false);
      case "boolean":
        return this.chance(0.5) ? T : NIL;
      case "null":
        return NIL;
      case "true":
        return T;
      case "list":
        return Array.from({ length: this.int(4) }, () => this.any(depth + 1));
      case "object":
        return [
          pick(this.rand, KNOWN_SYMBOLS),
          ...Array.from({ length: this.int(3) }, () => this.any(depth + 1)),
        ];
      default:
        return this.any(depth);
    }
  }

  /** A valid update of a random class: required slots always, optional ones at random. */
  /** A random update of `cls`, or of any update class. */
  update(cls: ClassDef = pick(this.rand, UPDATE_CLASSES)): Update {
    const u: Update = { type: cls.name, id: this.integer() };
    for (const s of cls.slots) {
      if (s.key === "id" || (s.optional && this.chance(0.5))) continue;
      u[s.key] = this.value(s.type);
    }
    return u;
  }
}
