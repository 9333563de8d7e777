/**
 * The reader, rule by rule of the BNF in spec §1: STRING, LIST, NUMBER and
 * WHITE (SYMBOL has reader_symbols_test.ts, errors and limits
 * reader_errors_test.ts), and readAll. The printer is checked beside it
 * wherever a rule has two directions.
 */
import assert from "node:assert/strict";
import {
  LichatError,
  makeSym,
  printNumber,
  printString,
  printValue,
  readAll,
  SymbolTable,
  type Value,
} from "../../protocol/mod.ts";
import { int, pick, prng } from "./prng.ts";
import { read, readSym, symbols, WHITE } from "./reading.ts";

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
