/** The reader, rule by rule of the §1 BNF. */
import assert from "node:assert/strict";
import { LichatError, makeSym, readValue, SymbolTable, type Value } from "../../protocol/mod.ts";
import { defaultRegistry } from "../../protocol/registry.ts";

const symbols = defaultRegistry.symbols;
const read = (t: string, opts: { maxDepth?: number; maxElements?: number } = {}) =>
  readValue(t, { symbols, ...opts });

function malformed(t: string, opts = {}): void {
  assert.throws(
    () => read(t, opts),
    (e) => e instanceof LichatError && e.failure === "malformed-update",
    t,
  );
}

const sym = (name: string, pkg = "lichat") => makeSym(name, pkg);

Deno.test("STRING: plain, empty, escapes of any character, astral characters", () => {
  const table: [string, string][] = [
    ['"abc"', "abc"],
    ['""', ""],
    ['"a\\"b"', 'a"b'],
    ['"a\\\\b"', "a\\b"],
    ['"\\a\\b\\c"', "abc"],
    ['"\\😀x"', "😀x"],
    ['"日本語 text"', "日本語 text"],
    ['"line\nbreak"', "line\nbreak"],
    ['"(not a list)"', "(not a list)"],
  ];
  for (const [text, want] of table) assert.equal(read(text), want, text);
});

Deno.test("LIST: empty, nested, any white space between elements", () => {
  assert.deepEqual(read("()"), []);
  assert.deepEqual(read("( )"), []);
  assert.deepEqual(read('(1 "a" (2 (3)))'), [1, "a", [2, [3]]]);
  assert.deepEqual(read("(1\t2\n3\v4\f5\r6 7)"), [1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(read('  ( "a""b" )  '), ["a", "b"]);
});

Deno.test("SYMBOL: bare names are lichat symbols, case-insensitive", () => {
  for (const t of ["message", "MESSAGE", "Message", "lichat:message", "LICHAT:MESSAGE"]) {
    const v = read(t) as { name: string; package: string; known: boolean };
    assert.equal(v.name, "message", t);
    assert.equal(v.package, "lichat", t);
    assert.equal(v.known, true, t);
  }
  assert.equal(read("message"), read("MESSAGE"), "interned: the same object");
});

Deno.test("SYMBOL: keywords and package-qualified names", () => {
  assert.deepEqual(read(":channel"), sym("channel", "keyword"));
  assert.deepEqual(read(":CHANNEL"), sym("channel", "keyword"));
  assert.deepEqual(read("shirakumo:data"), sym("data", "shirakumo"));
  assert.deepEqual(read("SHIRAKUMO:DATA"), sym("data", "shirakumo"));
});

Deno.test("SYMBOL: escaped characters in names", () => {
  const v = read("a\\ b\\:c\\(\\)") as { name: string };
  assert.equal(v.name, "a b:c()");
  assert.equal((read(":update\\-id") as { name: string }).name, "update-id");
  assert.equal((read("\\1x") as { name: string }).name, "1x");
});

Deno.test("SYMBOL: unknown symbols and packages are placeholders, never interned", () => {
  const table = new SymbolTable();
  const before = symbols.size;
  for (let i = 0; i < 5000; i++) {
    const v = read(`made-up-${i.toString(36)}x`) as { known: boolean };
    assert.equal(v.known, false);
    const w = read(`nopkg${i}x:thing`) as { known: boolean; package: string };
    assert.equal(w.known, false);
    const k = read(`:kw-${i}x`) as { known: boolean };
    assert.equal(k.known, false);
  }
  assert.equal(symbols.size, before);
  assert.equal(table.size, 0);
});

Deno.test("NUMBER: integers, big integers, floats", () => {
  const table: [string, Value][] = [
    ["0", 0],
    ["42", 42],
    ["007", 7],
    ["9007199254740991", 9007199254740991],
    ["9007199254740993", 9007199254740993n],
    ["123456789012345678901234567890", 123456789012345678901234567890n],
    ["1.5", 1.5],
    ["1.", 1],
    [".5", 0.5],
    [".", 0],
    ["3900000000", 3900000000],
  ];
  for (const [text, want] of table) assert.equal(read(text), want, text);
  assert.equal(typeof read("1.5"), "number");
  // A lone "." is a NUMBER in the BNF, so Lisp's dotted pairs read as three elements.
  assert.deepEqual(read("(1 . 2)"), [1, 0, 2]);
});

Deno.test("malformed input raises LichatError malformed-update", () => {
  for (
    const t of [
      "",
      "   ",
      '"unclosed',
      '"ends with backslash\\',
      "(1 2",
      "((())",
      ")",
      "(a))",
      "(a) b",
      "1x",
      "1.2.3",
      "pkg:",
      ":",
      "abc\\",
    ]
  ) malformed(t);
});

Deno.test("limits: depth and elements, never a stack overflow", () => {
  malformed("(".repeat(100000) + ")".repeat(100000));
  malformed("(((((1)))))", { maxDepth: 4 });
  assert.deepEqual(read("((((1))))", { maxDepth: 4 }), [[[[1]]]]);
  malformed("(1 2 3 4 5)", { maxElements: 4 });
  assert.deepEqual(read("(1 2 3 4)", { maxElements: 4 }), [1, 2, 3, 4]);
});
