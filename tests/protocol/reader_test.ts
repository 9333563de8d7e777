/**
 * The reader, rule by rule of the BNF in spec §1 (STRING, LIST, SYMBOL,
 * NUMBER, WHITE), its errors, and its limits. The printer is checked beside
 * it wherever a rule has two directions.
 */
import assert from "node:assert/strict";
import {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_ELEMENTS,
  defaultRegistry,
  isSym,
  LichatError,
  makeSym,
  printNumber,
  printString,
  printSymbol,
  printValue,
  readAll,
  readValue,
  type Sym,
  SymbolTable,
  type Value,
} from "../../protocol/mod.ts";
import { int, pick, prng } from "./prng.ts";

const symbols = defaultRegistry.symbols;

interface Limits {
  maxDepth?: number;
  maxElements?: number;
}

function read(text: string, limits: Limits = {}): Value {
  return readValue(text, { symbols, ...limits });
}

function readSym(text: string): Sym {
  const v = read(text);
  assert.ok(isSym(v), `${JSON.stringify(text)} should read as a symbol`);
  return v;
}

/** Assert that reading `text` throws a LichatError with failure malformed-update. */
function assertMalformed(text: string, limits: Limits = {}): LichatError {
  let caught: unknown;
  try {
    read(text, limits);
  } catch (e) {
    caught = e;
  }
  assert.ok(
    caught instanceof LichatError,
    `${JSON.stringify(text.slice(0, 60))} should raise LichatError, got ${caught}`,
  );
  assert.equal(caught.failure, "malformed-update", JSON.stringify(text.slice(0, 60)));
  return caught;
}

const WHITE = ["\t", "\n", "\v", "\f", "\r", " "];

// ---------------------------------------------------------------- STRING

Deno.test("STRING: plain, empty, and every kind of escape", () => {
  const table: [string, string][] = [
    ['""', ""],
    ['"abc"', "abc"],
    ['"a\\"b"', 'a"b'],
    ['"a\\\\b"', "a\\b"],
    ['"\\\\"', "\\"],
    ['"\\""', '"'],
    ['"\\\\\\""', '\\"'],
    ['"\\a\\b\\c"', "abc"],
    ['"\\n"', "n"],
    ['"\\😀x"', "😀x"],
    ['"😀"', "😀"],
    ['"\\\\😀\\"😀"', '\\😀"😀'],
    ['"a\\\nb"', "a\nb"],
    ['"日本語 text"', "日本語 text"],
    ['"مرحبا"', "مرحبا"],
    ['"e\u0301"', "e\u0301"],
    ['"tab\there\nnew line\r\n"', "tab\there\nnew line\r\n"],
    ['"(not a list)"', "(not a list)"],
    ['":not-a-keyword"', ":not-a-keyword"],
    ['"12"', "12"],
    ['"  "', "  "],
  ];
  for (const [text, want] of table) assert.equal(read(text), want, text);
});

Deno.test("STRING: printing escapes exactly the quote and the backslash", () => {
  const table: [string, string][] = [
    ["", '""'],
    ["abc", '"abc"'],
    ['a"b', '"a\\"b"'],
    ["a\\b", '"a\\\\b"'],
    ['\\"', '"\\\\\\""'],
    ["😀 日本 (x) :y", '"😀 日本 (x) :y"'],
    ["line\nbreak\ttab", '"line\nbreak\ttab"'],
  ];
  for (const [s, want] of table) {
    assert.equal(printString(s), want, JSON.stringify(s));
    assert.equal(printValue(s), want, JSON.stringify(s));
    assert.equal(read(want), s, want);
  }
});

Deno.test("STRING: print then read is the identity on awkward strings", () => {
  const rand = prng(7);
  const alphabet = ['"', "\\", "a", " ", "\n", "(", ")", ":", ".", "😀", "日", "\u0301", "\ud83d"];
  for (let i = 0; i < 2000; i++) {
    const s = Array.from({ length: int(rand, 16) }, () => pick(rand, alphabet)).join("");
    assert.equal(read(printString(s)), s, JSON.stringify(s));
  }
});

Deno.test("STRING: NUL is filtered out when printing (§1.3)", () => {
  assert.equal(printString("a\0b\0"), '"ab"');
  assert.equal(printString('\0"\0'), '"\\""');
});

// ---------------------------------------------------------------- LIST

Deno.test("LIST: empty, nested, mixed", () => {
  const table: [string, Value][] = [
    ["()", []],
    ["( )", []],
    ["(\t\n\v\f\r )", []],
    ["(())", [[]]],
    ["((()))", [[[]]]],
    ["(() ())", [[], []]],
    ["(1)", [1]],
    ['(1 "a" (2 (3 ())))', [1, "a", [2, [3, []]]]],
    ['(a "b" 1 :c (d))', [
      makeSym("a", "lichat", false),
      "b",
      1,
      makeSym("c", "keyword", false),
      [makeSym("d", "lichat", false)],
    ]],
    // Delimiters need no white space beside them (a lenient reading).
    ['("a""b")', ["a", "b"]],
    ["(a(b))", [makeSym("a", "lichat", false), [makeSym("b", "lichat", false)]]],
  ];
  for (const [text, want] of table) assert.deepEqual(read(text), want, text);
});

Deno.test("LIST: print then read gives the same list", () => {
  const values: Value[] = [
    [],
    [[]],
    [1, "two", makeSym("three", "keyword", false), [makeSym("t"), []]],
    [[[["deep"]]]],
  ];
  for (const v of values) assert.deepEqual(read(printValue(v)), v);
  assert.equal(printValue([]), "()");
  assert.equal(printValue([1, [2, []], "x"]), '(1 (2 ()) "x")');
});

// ---------------------------------------------------------------- SYMBOL

Deno.test("SYMBOL: a bare NAME is a lichat symbol, interned when known", () => {
  const s = readSym("message");
  assert.deepEqual(s, makeSym("message"));
  assert.equal(s, symbols.find("message", "lichat"), "the interned object");
  assert.equal(readSym("lichat:message"), s);
});

Deno.test("SYMBOL: KEYWORD is ':' NAME; NAME ':' NAME names a package", () => {
  assert.deepEqual(readSym(":channel"), makeSym("channel", "keyword"));
  assert.equal(readSym(":channel"), symbols.find("channel", "keyword"));
  assert.equal(readSym("keyword:channel"), readSym(":channel"));
  assert.deepEqual(readSym("shirakumo:data"), makeSym("data", "shirakumo"));
  assert.equal(readSym("shirakumo:data"), symbols.find("data", "shirakumo"));
  assert.deepEqual(readSym("shirakumo:bridge"), makeSym("bridge", "shirakumo"));
});

Deno.test("SYMBOL: names and packages are case-insensitive (§1.1)", () => {
  const groups: [string[], string, string][] = [
    [
      ["message", "MESSAGE", "Message", "mEsSaGe", "LICHAT:MESSAGE", "Lichat:Message"],
      "lichat",
      "message",
    ],
    [[":channel", ":CHANNEL", ":Channel", "KEYWORD:CHANNEL"], "keyword", "channel"],
    [[":update-id", ":UPDATE-ID", ":Update-Id"], "keyword", "update-id"],
    [["shirakumo:data", "SHIRAKUMO:DATA", "Shirakumo:Data"], "shirakumo", "data"],
    [["nil", "NIL", "Nil"], "lichat", "nil"],
    [["t", "T"], "lichat", "t"],
  ];
  for (const [texts, pkg, name] of groups) {
    const known = symbols.find(name, pkg);
    assert.ok(known, `${pkg}:${name} is known`);
    for (const t of texts) assert.equal(readSym(t), known, t);
  }
  // Unknown symbols are read in lower case too.
  assert.deepEqual(readSym("FrobNicate"), makeSym("frobnicate", "lichat", false));
  assert.deepEqual(readSym(":FROB"), makeSym("frob", "keyword", false));
  assert.deepEqual(readSym("NoPkg:THING"), makeSym("thing", "nopkg", false));
  assert.deepEqual(readSym(":ÄBC"), makeSym("äbc", "keyword", false));
});

Deno.test("SYMBOL: escaped characters in names", () => {
  const table: [string, string, string][] = [
    ["a\\ b", "lichat", "a b"],
    ["\\:x", "lichat", ":x"],
    ["a\\(b\\)", "lichat", "a(b)"],
    ['a\\"b', "lichat", 'a"b'],
    ["a\\\\b", "lichat", "a\\b"],
    ["a\\.b", "lichat", "a.b"],
    ["\\1x", "lichat", "1x"],
    ["\\.5", "lichat", ".5"],
    ["\\😀", "lichat", "😀"],
    [":a\\:b", "keyword", "a:b"],
    ["p\\:q:r\\ s", "p:q", "r s"],
    ["x\\\ty", "lichat", "x\ty"],
  ];
  for (const [text, pkg, name] of table) {
    assert.deepEqual(readSym(text), makeSym(name, pkg, false), text);
  }
  // An escape does not make a known symbol unknown, in any case.
  assert.equal(readSym(":update\\-id"), symbols.find("update-id", "keyword"));
  assert.equal(readSym("\\m\\e\\s\\s\\a\\g\\e"), symbols.find("message", "lichat"));
  assert.equal(readSym("\\M\\E\\S\\S\\A\\G\\E"), symbols.find("message", "lichat"));
  assert.equal(readSym("shi\\rakumo:da\\ta"), symbols.find("data", "shirakumo"));
});

Deno.test("SYMBOL: non-WHITE spaces and other characters are part of a NAME", () => {
  for (
    const ch of ["\u00a0", "\u2028", "\u3000", "\ufeff", "#", "'", "`", ",", ";", "|", "-", "+"]
  ) {
    const s = readSym(`a${ch}b`);
    assert.equal(s.name, `a${ch}b`, JSON.stringify(ch));
  }
});

Deno.test("SYMBOL: printing per §1.1, with escapes that read back", () => {
  const table: [Sym, string][] = [
    [makeSym("message"), "message"],
    [makeSym("channel", "keyword"), ":channel"],
    [makeSym("data", "shirakumo"), "shirakumo:data"],
    [makeSym("a b:c(1)"), "a\\ b\\:c\\(\\1\\)"],
    [makeSym('q"\\.'), 'q\\"\\\\\\.'],
    [makeSym("x1", "p:2"), "p\\:\\2:x\\1"],
    [makeSym("+"), "+"],
    [makeSym("tab\there"), "tab\\\there"],
  ];
  for (const [s, want] of table) {
    assert.equal(printSymbol(s), want, s.name);
    assert.equal(printValue(s), want, s.name);
    const back = readSym(want);
    assert.equal(back.name, s.name, want);
    assert.equal(back.package, s.package, want);
  }
});

Deno.test("SYMBOL: unknown symbols are placeholders that are never interned (§1.1)", () => {
  const own = new SymbolTable();
  const before = symbols.size;
  const rand = prng(42);
  const chars = ["a", "Z", "q", "-", "é", "Ж", "日", "😀", "\\(", "\\ ", "\\:", "\\1", "x"];
  const name = () =>
    "u" + Array.from({ length: 1 + int(rand, 12) }, () => pick(rand, chars)).join("");
  for (let i = 0; i < 5000; i++) {
    const n = name();
    for (const text of [n, `:${n}`, `${n}:${name()}`, `shirakumo:${n}`, `lichat:${n}`]) {
      const s = readSym(text);
      assert.equal(s.known, false, text);
      const t = readValue(text, { symbols: own });
      assert.ok(isSym(t) && !t.known, text);
    }
  }
  assert.equal(symbols.size, before, "the registry's table did not grow");
  assert.equal(own.size, 0, "a fresh table stays empty");
});

Deno.test("SYMBOL: a placeholder keeps its package and name", () => {
  assert.deepEqual(readSym("nopkg:thing"), makeSym("thing", "nopkg", false));
  assert.deepEqual(readSym("shirakumo:nothing"), makeSym("nothing", "shirakumo", false));
  assert.deepEqual(readSym(":no-such-key"), makeSym("no-such-key", "keyword", false));
  assert.deepEqual(
    readSym("lichat-protocol:connect"),
    makeSym("connect", "lichat-protocol", false),
  );
});

// ---------------------------------------------------------------- NUMBER

Deno.test("NUMBER: integers, big integers as bigint, floats", () => {
  const table: [string, Value][] = [
    ["0", 0],
    ["7", 7],
    ["42", 42],
    ["007", 7],
    ["123456789", 123456789],
    ["1234567890", 1234567890],
    ["3900000000", 3900000000],
    ["999999999999999", 999999999999999],
    ["9007199254740991", 9007199254740991],
    ["0000000000000000001", 1],
    ["9007199254740992", 9007199254740992n],
    ["9007199254740993", 9007199254740993n],
    ["18446744073709551616", 18446744073709551616n],
    ["123456789012345678901234567890", 123456789012345678901234567890n],
    ["1.5", 1.5],
    ["0.25", 0.25],
    ["1.", 1],
    ["10.", 10],
    [".5", 0.5],
    [".", 0],
    ["0.0000001", 1e-7],
    ["3.141592653589793", Math.PI],
  ];
  for (const [text, want] of table) {
    const v = read(text);
    assert.equal(typeof v, typeof want, text);
    assert.equal(v, want, text);
  }
});

Deno.test("NUMBER: numbers end at any delimiter; a lone '.' is a NUMBER", () => {
  assert.deepEqual(read("(1 2.5 .5 . 3.)"), [1, 2.5, 0.5, 0, 3]);
  assert.deepEqual(read("(1 . 2)"), [1, 0, 2]);
  assert.deepEqual(read('(1"a"2(3))'), [1, "a", 2, [3]]);
  assert.deepEqual(read("(1:a)"), [1, makeSym("a", "keyword", false)]);
  assert.deepEqual(read("(1.5.5)"), [1.5, 0.5]);
  assert.deepEqual(read("(12345678901234567890)"), [12345678901234567890n]);
});

Deno.test("NUMBER: printing in plain decimal, reading back the same number", () => {
  const table: [number | bigint, string][] = [
    [0, "0"],
    [42, "42"],
    [3900000000, "3900000000"],
    [2 ** 53 - 1, "9007199254740991"],
    [1e21, "1000000000000000000000"],
    [2n ** 70n, "1180591620717411303424"],
    [1.5, "1.5"],
    [0.1, "0.1"],
    [1e-7, "0.0000001"],
    [1.5e-7, "0.00000015"],
    [1.2345678901234566e-7, "0.00000012345678901234566"],
    [1e-25, "0.0000000000000000000000001"],
  ];
  for (const [n, want] of table) {
    assert.equal(printNumber(n), want, String(n));
    const back = read(want);
    assert.equal(Number(back), Number(n), want);
  }
});

// ---------------------------------------------------------------- WHITE

Deno.test("WHITE: each of the six characters separates, pads and is skipped", () => {
  for (const w of WHITE) {
    const name = JSON.stringify(w);
    assert.deepEqual(read(`(1${w}2)`), [1, 2], name);
    assert.deepEqual(read(`${w}(${w}1${w}${w}"a"${w}:b${w})${w}`), [
      1,
      "a",
      makeSym("b", "keyword", false),
    ], name);
    assert.equal(read(`${w}${w}"x"${w}`), "x", name);
    assert.equal(readSym(`abc${w}`).name, "abc", name);
  }
  assert.deepEqual(read("(\t\n\v\f\r 1 \t\n\v\f\r2\r\n)"), [1, 2]);
});

// ---------------------------------------------------------------- errors

Deno.test("errors: malformed input raises LichatError malformed-update", () => {
  const bad = [
    // nothing
    "",
    "   ",
    "\t\n",
    // unclosed strings
    '"unclosed',
    '"abc\\"',
    '"ends with backslash\\',
    '("a" "b)',
    // unclosed lists
    "(",
    "(1 2",
    "((())",
    '(a "b" (c)',
    // stray ')'
    ")",
    "())",
    "(a))",
    "a)",
    " ) ",
    // trailing garbage
    "(a) b",
    "(a)(b)",
    '"a" "b"',
    "1 2",
    "(ping :id 1)x",
    "a b",
    // numbers running into names
    "1x",
    "12abc",
    ".x",
    "1.2.3",
    // empty names
    "pkg:",
    ":",
    "(: a)",
    "(a :)",
    "lichat:",
    ':"x"',
    "::a",
    // a backslash at the end
    "abc\\",
    ":\\",
    "(a \\",
    // NUL anywhere (§1.3; the terminator is not part of the text)
    "(a\0b)",
    '"a\0b"',
    '"\\\0"',
    "a\\\0",
    "(ping :id 1)\0",
    "\0",
  ];
  for (const t of bad) assertMalformed(t);
});

Deno.test("errors: the message says where", () => {
  const e = assertMalformed("(a))");
  assert.match(e.message, /character 3/);
  assert.equal(e.updateId, undefined);
});

// ---------------------------------------------------------------- limits

Deno.test("limits: list nesting up to maxDepth, one more is an error", () => {
  const nest = (n: number) => "(".repeat(n) + ")".repeat(n);
  read(nest(DEFAULT_MAX_DEPTH));
  assertMalformed(nest(DEFAULT_MAX_DEPTH + 1));
  assert.deepEqual(read("((((1))))", { maxDepth: 4 }), [[[[1]]]]);
  assertMalformed("(((((1)))))", { maxDepth: 4 });
  assertMalformed("(1 (2 (3 (4 (5)))))", { maxDepth: 4 });
  assert.deepEqual(read("(1 (2) (3) (4))", { maxDepth: 2 }), [1, [2], [3], [4]]);
  assertMalformed("()", { maxDepth: 0 });
  assert.equal(read('"no lists"', { maxDepth: 0 }), "no lists");
});

Deno.test("limits: deep nesting is an error or a value, never a RangeError", () => {
  const n = 100000;
  // Unbalanced, at the default depth and with none at all.
  assertMalformed("(".repeat(n));
  assertMalformed("(".repeat(n), { maxDepth: Infinity });
  assertMalformed("(".repeat(n) + ")".repeat(n));
  assertMalformed("(".repeat(n) + ")".repeat(n - 1), { maxDepth: Infinity });
  // Balanced and allowed: read with an explicit stack, not recursion.
  let v = read("(".repeat(n) + "1" + ")".repeat(n), { maxDepth: Infinity });
  let depth = 0;
  while (Array.isArray(v)) {
    assert.equal(v.length, 1);
    v = v[0];
    depth++;
  }
  assert.equal(depth, n);
  assert.equal(v, 1);
});

Deno.test("limits: elements per list up to maxElements, one more is an error", () => {
  assert.deepEqual(read("(1 2 3 4)", { maxElements: 4 }), [1, 2, 3, 4]);
  assertMalformed("(1 2 3 4 5)", { maxElements: 4 });
  // The limit is per list.
  assert.equal((read("((1 2 3 4) (1 2 3 4))", { maxElements: 4 }) as Value[]).length, 2);
  assertMalformed("((1 2 3 4 5))", { maxElements: 4 });
  assertMalformed("(() () () () ())", { maxElements: 4 });
  const list = (k: number) => "(" + "1 ".repeat(k) + ")";
  assert.equal((read(list(DEFAULT_MAX_ELEMENTS)) as Value[]).length, DEFAULT_MAX_ELEMENTS);
  assertMalformed(list(DEFAULT_MAX_ELEMENTS + 1));
  assert.equal((read(list(100000), { maxElements: Infinity }) as Value[]).length, 100000);
});

// ---------------------------------------------------------------- readAll

Deno.test("readAll: a sequence of EXPRs with ';' comments, as in definition files", () => {
  const all = readAll('; a comment\n(a 1)\n"s" ; trailing\n:k 2.5\n', {
    symbols: new SymbolTable(),
  });
  assert.deepEqual(all, [
    [makeSym("a", "lichat", false), 1],
    "s",
    makeSym("k", "keyword", false),
    2.5,
  ]);
  assert.deepEqual(readAll("  \n", { symbols }), []);
  assert.throws(() => readAll("(a", { symbols }), LichatError);
});
