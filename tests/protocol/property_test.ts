/**
 * Property tests with a seeded generator (prng.ts):
 * - print → read → print is the identity on random valid updates of every
 *   class, and reading gives back the update printed;
 * - the reader does not care about case or the kind and amount of white space;
 * - random bytes and random or mangled text only ever raise LichatError, and
 *   whatever reads, prints and reads back the same;
 * - reading adversarial input takes work linear in its size, counted in
 *   characters looked at rather than timed.
 */
import assert from "node:assert/strict";
import {
  checkNames,
  conforms,
  Framer,
  isNil,
  LichatError,
  printUpdate,
  readUpdate,
  readValue,
  type Update,
  type Value,
} from "../../protocol/mod.ts";
import { int, pick, prng, type Random } from "./prng.ts";
import { Gen, reg, UPDATE_CLASSES } from "./gen.ts";

/** A value as it reads back: NUL gone from strings, small bigints as numbers. */
function normaliseValue(v: Value): Value {
  if (typeof v === "string") return v.replaceAll("\0", "");
  if (typeof v === "bigint") return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  if (Array.isArray(v)) return v.map(normaliseValue);
  return v;
}

/**
 * An update as it reads back after printing: optional NIL slots left out
 * (§1.2), NIL in slots that take lists read as the empty list.
 */
function normalise(u: Update): Update {
  const cls = reg.get(u.type)!;
  const out: Update = { type: u.type, id: normaliseValue(u.id) as number };
  for (const s of cls.slots) {
    const v = u[s.key];
    if (v === undefined || s.key === "id") continue;
    if (isNil(v)) {
      if (s.optional) continue;
      out[s.key] = conforms([], s.type) ? [] : v;
      continue;
    }
    out[s.key] = normaliseValue(v);
  }
  return out;
}

const show = (x: unknown) => JSON.stringify(x, (_, v) => typeof v === "bigint" ? `${v}n` : v);

Deno.test("print → read → print is the identity on random valid updates", () => {
  const gen = new Gen(prng(1234));
  const seen = new Set<string>();
  for (let i = 0; i < 5000; i++) {
    const u = gen.update();
    seen.add(u.type);
    const text = printUpdate(u);
    assert.equal(printUpdate(u), text, "printing is deterministic");
    let back: Update;
    try {
      back = readUpdate(text);
    } catch (e) {
      throw new Error(`could not read back ${text} (from ${show(u)}): ${e}`);
    }
    assert.deepEqual(back, normalise(u), text);
    // NIL in a slot that takes lists prints as `nil` and reads back as the
    // empty list, printed `()`: the same value; otherwise the very text.
    assert.equal(printUpdate(back), printUpdate(normalise(u)), show(u));
  }
  assert.equal(seen.size, UPDATE_CLASSES.length, "every class was tried");
});

/** `text` with random case outside strings and random WHITE runs for its spaces. */
function mangle(text: string, rand: Random): string {
  const white = () =>
    Array.from({ length: 1 + int(rand, 3) }, () => pick(rand, ["\t", "\n", "\v", "\f", "\r", " "]))
      .join("");
  let out = rand() < 0.5 ? white() : "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\") {
      out += ch + text[++i];
    } else if (inString) {
      out += ch;
      if (ch === '"') inString = false;
    } else if (ch === '"') {
      out += ch;
      inString = true;
    } else if (ch === " ") {
      out += white();
    } else if (ch === "(") {
      out += rand() < 0.3 ? ch + white() : ch;
    } else if (ch === ")") {
      out += rand() < 0.3 ? white() + ch : ch;
    } else if (ch >= "a" && ch <= "z" && rand() < 0.5) {
      out += ch.toUpperCase();
    } else {
      out += ch;
    }
  }
  return out + (rand() < 0.5 ? white() : "");
}

Deno.test("reading ignores case and the kind and amount of white space", () => {
  const rand = prng(555);
  const gen = new Gen(prng(556));
  for (let i = 0; i < 2000; i++) {
    const u = gen.update();
    const text = printUpdate(u);
    const mangled = mangle(text, rand);
    let back: Update;
    try {
      back = readUpdate(mangled);
    } catch (e) {
      throw new Error(`could not read ${JSON.stringify(mangled)}: ${e}`);
    }
    assert.deepEqual(back, readUpdate(text), mangled);
  }
});

/** Read `text` as an update; only LichatError may be thrown, and what reads prints stably. */
function tryRead(text: string): void {
  let u: Update;
  try {
    u = readUpdate(text);
    checkNames(u);
  } catch (e) {
    if (e instanceof LichatError) return;
    throw new Error(`${JSON.stringify(text.slice(0, 200))} raised ${e}`);
  }
  const printed = printUpdate(u);
  assert.equal(printUpdate(readUpdate(printed)), printed, JSON.stringify(text));
}

Deno.test("random bytes through the framer only ever raise LichatError", () => {
  const rand = prng(99);
  const framer = new Framer({ maxSize: 512 });
  let frames = 0;
  for (let i = 0; i < 3000; i++) {
    const chunk = new Uint8Array(int(rand, 96)).map(() =>
      // Bytes of the syntax, of multi-byte UTF-8, NUL, and anything.
      rand() < 0.5
        ? pick(rand, [0x28, 0x29, 0x22, 0x5c, 0x3a, 0x20, 0x2e, 0x31, 0x61, 0, 0xe6, 0x97, 0xa5])
        : int(rand, 256)
    );
    for (const f of framer.push(chunk)) {
      frames++;
      assert.ok(framer.buffered <= 512);
      if (f.kind === "text") tryRead(f.text);
    }
  }
  assert.ok(frames > 1000, `${frames} frames`);
});

Deno.test("random token soup only ever raises LichatError", () => {
  const rand = prng(100);
  const pieces = [
    "(",
    "(",
    ")",
    ")",
    '"',
    "\\",
    ":",
    " ",
    "\t",
    "\n",
    ".",
    "1",
    "12345678901234567890",
    "x",
    "message",
    ":id",
    ":channel",
    ":text",
    '"c"',
    '"t"',
    "lichat:",
    "shirakumo:",
    "nil",
    "NIL",
    "t",
    "()",
    "ping",
    ":clock",
    "1.5",
    "é",
    "😀",
    "\0",
    "\\😀",
    "#",
    ":update-id",
  ];
  for (let i = 0; i < 20000; i++) {
    tryRead(Array.from({ length: int(rand, 24) }, () => pick(rand, pieces)).join(""));
  }
});

Deno.test("mangled valid updates only ever raise LichatError", () => {
  const rand = prng(101);
  const gen = new Gen(prng(102));
  const inserts = ["(", ")", '"', "\\", ":", " ", ".", "1", "NIL", "()", "x", "\0", "😀"];
  for (let i = 0; i < 3000; i++) {
    let text = printUpdate(gen.update());
    for (let k = 1 + int(rand, 3); k > 0; k--) {
      const at = int(rand, text.length + 1);
      switch (int(rand, 4)) {
        case 0:
          text = text.slice(0, at) + text.slice(at + 1 + int(rand, 4));
          break;
        case 1:
          text = text.slice(0, at) + pick(rand, inserts) + text.slice(at);
          break;
        case 2:
          text = text.slice(0, at) + text.slice(int(rand, text.length));
          break;
        default:
          text = text.slice(at) + text.slice(0, at);
      }
    }
    tryRead(text);
  }
});

// ---------------------------------------------------------------- linear work

/**
 * Run `f`, counting the characters the string methods the reader uses look
 * at: one per charCodeAt and codePointAt call, the span searched per
 * indexOf, the length made per slice. Not a timing: the same on any machine.
 */
function countWork(f: () => void): number {
  const proto = String.prototype;
  const { charCodeAt, codePointAt, indexOf, slice } = proto;
  let work = 0;
  proto.charCodeAt = function (this: string, i: number) {
    work++;
    return charCodeAt.call(this, i);
  };
  proto.codePointAt = function (this: string, i: number) {
    work++;
    return codePointAt.call(this, i);
  };
  proto.indexOf = function (this: string, search: string, from?: number) {
    const start = from ?? 0;
    const r = indexOf.call(this, search, start);
    work += (r < 0 ? this.length : r) - start + 1;
    return r;
  };
  proto.slice = function (this: string, start?: number, end?: number) {
    const r = slice.call(this, start, end);
    work += r.length + 1;
    return r;
  };
  try {
    f();
  } finally {
    Object.assign(proto, { charCodeAt, codePointAt, indexOf, slice });
  }
  return work;
}

/** Adversarial inputs of about `n` characters, by name. */
const ADVERSARIAL: Record<string, (n: number) => string> = {
  "unclosed (((": (n) => "(".repeat(n),
  "balanced ((()))": (n) => "(".repeat(n / 2) + ")".repeat(n / 2),
  "unclosed string of escapes": (n) => '"' + "\\a".repeat(n / 2),
  "string of escapes": (n) => '"' + "\\a".repeat(n / 2) + '"',
  "many strings": (n) => "(" + '"a" '.repeat(n / 4) + ")",
  "many escaped strings": (n) => "(" + '"\\"" '.repeat(n / 5) + ")",
  "many strings, one escape at the end": (n) => "(" + '"a" '.repeat(n / 4) + '"\\a")',
  "many tiny symbols": (n) => "(" + "a ".repeat(n / 2) + ")",
  "many keywords": (n) => "(" + ":k ".repeat(n / 3) + ")",
  "many qualified symbols": (n) => "(" + "p:q ".repeat(n / 4) + ")",
  "many non-ASCII symbols": (n) => "(" + "é ".repeat(n / 2) + ")",
  "one symbol of escapes": (n) => "(" + "\\a".repeat(n / 2) + ")",
  "many numbers": (n) => "(" + "1 ".repeat(n / 2) + ")",
  "many big numbers": (n) => "(" + "123456789012345678901 ".repeat(n / 22) + ")",
  "many floats": (n) => "(" + "1.5 ".repeat(n / 4) + ")",
  "many dots": (n) => "(" + ". ".repeat(n / 2) + ")",
  "colons": (n) => ":".repeat(n),
  "white space": (n) => " \t\n".repeat(n / 3) + "()",
  "many unknown keys": (n) => "(ping :id 1" + " :x 1".repeat(n / 5) + ")",
  "many repeated keys": (n) => "(ping :id 1" + " :clock 1".repeat(n / 9) + ")",
};

Deno.test("adversarial input is read with work linear in its size (no timing)", () => {
  const limits = { maxDepth: Infinity, maxElements: Infinity };
  const work = (text: string) =>
    countWork(() => {
      try {
        readUpdate(text, limits);
      } catch (e) {
        if (!(e instanceof LichatError)) throw e;
      }
    });
  const n = 20000;
  for (const [what, make] of Object.entries(ADVERSARIAL)) {
    const small = make(n);
    const large = make(4 * n);
    const ws = work(small);
    const wl = work(large);
    // Four times the input, about four times the work: not sixteen.
    assert.ok(
      wl <= 4.5 * ws + 1000,
      `${what}: ${small.length} characters cost ${ws}, ${large.length} cost ${wl}`,
    );
  }
});

Deno.test("the work counter sees quadratic work when there is some", () => {
  // A deliberately quadratic scan, to show that the measure would catch one.
  const quadratic = (text: string) => {
    for (let i = 0; i < text.length; i++) text.indexOf("\\", 0);
  };
  const ws = countWork(() => quadratic("a".repeat(1000)));
  const wl = countWork(() => quadratic("a".repeat(4000)));
  assert.ok(wl > 10 * ws);
  // And reading still works once the counter is gone.
  assert.deepEqual(readValue("(1)", { symbols: reg.symbols }), [1]);
});
