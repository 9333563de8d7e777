/**
 * Property tests with a seeded generator: print→read→print is the identity
 * on random valid updates, and random input only ever raises LichatError.
 */
import assert from "node:assert/strict";
import {
  defaultRegistry,
  Framer,
  LichatError,
  makeSym,
  printUpdate,
  readUpdate,
  type SlotType,
  type Update,
  type Value,
} from "../../protocol/mod.ts";

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ["a", "Z", " ", '"', "\\", "(", ")", ":", "日", "😀", "\n", "\t", "0", "é"];

function gen(rand: () => number) {
  const int = (n: number) => Math.floor(rand() * n);
  const str = () => Array.from({ length: int(12) }, () => ALPHABET[int(ALPHABET.length)]).join("");
  const num = () =>
    rand() < 0.1 ? BigInt(Number.MAX_SAFE_INTEGER) * 10n + BigInt(int(1000)) : int(1e9);
  const sym = () => makeSym(["message", "join", "t", "+"][int(4)]);
  const value = (t: SlotType, depth = 0): Value => {
    if (t.kind === "list") {
      return Array.from(
        { length: int(4) },
        () => value(t.of ?? { kind: "simple", name: "t" }, depth + 1),
      );
    }
    if (t.kind === "or") return value(t.options[int(t.options.length)], depth);
    switch (t.name) {
      case "string":
        return str();
      case "id":
      case "integer":
      case "number":
      case "time":
        return num();
      case "float":
        return int(1000) + 0.5;
      case "symbol":
        return sym();
      case "keyword":
        return makeSym("channel", "keyword");
      case "boolean":
        return makeSym("t");
      case "list":
        return value({ kind: "list", of: undefined }, depth + 1);
      default:
        return depth > 2
          ? str()
          : [str(), num(), sym(), value({ kind: "list", of: undefined }, depth + 1)][int(4)];
    }
  };
  const classes = [...defaultRegistry.classes()].filter((c) =>
    c.ancestors.has("update") && c.name !== "update"
  );
  return (): Update => {
    const cls = classes[int(classes.length)];
    const u: Update = { type: cls.name, id: int(1e6) };
    for (const s of cls.slots) {
      if (s.key === "id") continue;
      if (s.optional && rand() < 0.5) continue;
      u[s.key] = value(s.type);
    }
    return u;
  };
}

Deno.test("print → read → print is stable for random valid updates", () => {
  const next = gen(prng(1234));
  for (let i = 0; i < 3000; i++) {
    const u = next();
    const text = printUpdate(u);
    let back: Update;
    try {
      back = readUpdate(text);
    } catch (e) {
      throw new Error(`could not read back ${text}: ${(e as Error).message}`);
    }
    assert.equal(printUpdate(back), text);
  }
});

Deno.test("random bytes and text only ever raise LichatError", () => {
  const rand = prng(99);
  const framer = new Framer({ maxSize: 512 });
  const pieces = ["(", ")", '"', "\\", ":", " ", "message", ":id", "1", ".", "\0", "lichat:", "x"];
  for (let i = 0; i < 3000; i++) {
    const bytes = new Uint8Array(Math.floor(rand() * 64)).map(() => Math.floor(rand() * 256));
    for (const f of framer.push(bytes)) {
      if (f.kind === "text") tryRead(f.text);
    }
    tryRead(
      Array.from(
        { length: Math.floor(rand() * 20) },
        () => pieces[Math.floor(rand() * pieces.length)],
      ).join(""),
    );
  }
});

function tryRead(text: string): void {
  try {
    readUpdate(text);
  } catch (e) {
    if (!(e instanceof LichatError)) throw new Error(`${JSON.stringify(text)} raised ${e}`);
  }
}

Deno.test("adversarial inputs finish (linear work; no timing asserted)", () => {
  for (const n of [10000, 40000]) {
    const inputs = [
      "(".repeat(n),
      '"' + "\\a".repeat(n),
      "(" + '"a" '.repeat(n) + ")",
      "(ping :id 1 :x (" + "a ".repeat(n) + "))",
      "(" + "\\(".repeat(n),
      ":".repeat(n),
    ];
    for (const t of inputs) tryRead(t);
  }
});
