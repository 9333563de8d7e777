/**
 * User and channel names (§2.2.1, §2.4.4), passwords (§2.3.1), and when two
 * names are the same name.
 */
import assert from "node:assert/strict";
import {
  isValidName,
  isValidPassword,
  MAX_NAME_LENGTH,
  MIN_PASSWORD_LENGTH,
  nameKey,
  sameName,
} from "../../protocol/mod.ts";
import { int, prng } from "./prng.ts";

const show = (s: string) => JSON.stringify(s) + ` (${[...s].length} code points)`;

Deno.test("§2.2.1: names of Letters, Marks, Numbers, Punctuation, Symbols and spaces", () => {
  const valid = [
    "a",
    "Z",
    "7",
    "Ada Lovelace",
    "a b c",
    "日本語の名前", // Japanese: Lo
    "カタカナ ひらがな",
    "Пётр Ильич", // Cyrillic
    "محمد علي", // Arabic: Lo, right to left
    "שלום", // Hebrew
    "e\u0301cole", // a combining acute accent: Mn
    "क्षत्रिय", // Devanagari with virama and vowel signs: Mn, Mc
    "①②③", // No
    "১২৩", // Bengali digits: Nd
    "Ⅻ", // Nl
    "#lichat", // Po
    "@anon+=_", // Po, Sm, Pc
    "(a)[b]{c}", // Ps, Pe
    "«quoted»", // Pi, Pf
    "a-b—c", // Pd
    "$€¥", // Sc
    "^`¨", // Sk
    "©®", // So
    "😀", // So, astral
    "🇯🇵", // regional indicators: So
    "👍🏽", // an emoji modifier: Sk
    "❤️", // a variation selector: Mn
    "x".repeat(MAX_NAME_LENGTH),
  ];
  for (const n of valid) assert.equal(isValidName(n), true, show(n));
});

Deno.test("§2.2.1: length is counted in code points, 1 to 32", () => {
  assert.equal(MAX_NAME_LENGTH, 32);
  assert.equal(isValidName(""), false, "0");
  assert.equal(isValidName("x"), true, "1");
  assert.equal(isValidName("x".repeat(32)), true, "32");
  assert.equal(isValidName("x".repeat(33)), false, "33");
  const emoji32 = "😀".repeat(32);
  assert.equal(emoji32.length, 64, "64 UTF-16 units");
  assert.equal(isValidName(emoji32), true, "32 emoji are 32 characters");
  assert.equal(isValidName("😀".repeat(33)), false, "33 emoji");
  assert.equal(isValidName("😀".repeat(31) + "x"), true, "31 emoji and a letter");
  assert.equal(isValidName("😀".repeat(32) + "x"), false, "32 emoji and a letter");
  assert.equal(isValidName("日".repeat(32)), true);
  assert.equal(isValidName("日".repeat(33)), false);
  // A base letter with 31 combining marks is 32 code points.
  assert.equal(isValidName("e" + "\u0301".repeat(31)), true);
  assert.equal(isValidName("e" + "\u0301".repeat(32)), false);
});

Deno.test("§2.2.1: spaces only singly and inside", () => {
  for (const n of [" ", "  ", " lead", "trail ", " both ", "two  spaces", "a   b", " 日本"]) {
    assert.equal(isValidName(n), false, show(n));
  }
  for (const n of ["a b", "a b c d", "日本 語", "x y".repeat(10).slice(0, 32).trim()]) {
    assert.equal(isValidName(n), true, show(n));
  }
});

Deno.test("§2.2.1: control, format, separator, private and unassigned characters are out", () => {
  const invalid = [
    "tab\there", // Cc
    "new\nline",
    "cr\rx",
    "nul\0",
    "\0",
    "\u0007bell",
    "del\u007f",
    "nel\u0085",
    "zero\u200bwidth", // Cf
    "joiner\u200dx", // Cf: so emoji ZWJ sequences are out
    "👩\u200d💻",
    "bom\ufeff",
    "rtl\u202emark",
    "no\u00a0break", // Zs other than U+0020
    "ideo\u3000space",
    "em\u2003space",
    "line\u2028sep", // Zl
    "para\u2029sep", // Zp
    "private\ue000", // Co
    "plane15\u{f0000}",
    "unassigned\u0378", // Cn
    "lone\ud800", // Cs: lone surrogates
    "lone\udc00x",
    "\udfff",
    "\udc00\ud800", // a reversed pair is two lone surrogates
  ];
  for (const n of invalid) assert.equal(isValidName(n), false, show(n));
});

Deno.test("§2.2.1: only strings are names", () => {
  for (const v of [undefined, null, 5, 5n, true, ["a"], { name: "a" }, Symbol("a")]) {
    assert.equal(isValidName(v), false, String(typeof v));
  }
});

Deno.test("§2.3.1: passwords have at least 6 code points and no NUL", () => {
  assert.equal(MIN_PASSWORD_LENGTH, 6);
  const valid = [
    "123456",
    "secret password",
    "      ",
    "\t\n\r\v\f ",
    "パスワード🔑",
    "😀".repeat(6),
    "\u0301".repeat(6),
    "\ud800".repeat(6),
    "x".repeat(10000),
  ];
  for (const p of valid) assert.equal(isValidPassword(p), true, show(p));
  const invalid = ["", "12345", "😀😀😀", "😀".repeat(5), "abc\0defg", "\0".repeat(8), "secret\0"];
  for (const p of invalid) assert.equal(isValidPassword(p), false, show(p));
  assert.equal("😀😀😀".length, 6, "6 UTF-16 units are not 6 characters");
  for (const v of [undefined, null, 123456, ["123456"]]) assert.equal(isValidPassword(v), false);
});

Deno.test("§2.2.1: names compare case-insensitively, code point by code point", () => {
  const same: [string, string][] = [
    ["Ada", "aDA"],
    ["ADA LOVELACE", "ada lovelace"],
    ["ÄDA", "äda"],
    ["ÇA", "ça"],
    ["ΣΑΣ", "σασ"],
    ["ΑΣ", "ασ"],
    ["ПЁТР", "пётр"],
    ["ǅ", "ǆ"], // titlecase and lower case digraph
    ["Ǆ", "ǅ"],
    ["\u{10400}", "\u{10428}"], // Deseret, astral
    ["\u212a", "k"], // the Kelvin sign lowers to k
    ["日本", "日本"],
    ["😀", "😀"],
  ];
  for (const [a, b] of same) {
    assert.ok(sameName(a, b), `${a} = ${b}`);
    assert.ok(sameName(b, a), `${b} = ${a}`);
    assert.equal(nameKey(a), nameKey(b), `${a} ${b}`);
  }
  const different: [string, string][] = [
    ["ada", "adb"],
    ["ada", "ada "],
    ["ada", "ad"],
    ["straße", "strasse"], // different lengths
    ["İ", "i"], // U+0130 lowers to two code points: kept, not matched
    ["İ", "i\u0307"],
    ["ς", "σ"], // final and medial sigma are different lower-case letters
    ["e\u0301", "é"], // no normalisation
    ["a", "а"], // Latin and Cyrillic
  ];
  for (const [a, b] of different) assert.ok(!sameName(a, b), `${a} ≠ ${b}`);
});

Deno.test("§2.2.1: a name's key has as many code points as the name", () => {
  const rand = prng(2211);
  for (let i = 0; i < 3000; i++) {
    const cps = Array.from({ length: 1 + int(rand, 8) }, () => {
      // Mostly the Latin, Greek, Cyrillic and Armenian blocks, where cases live.
      let cp = rand() < 0.8 ? 0x41 + int(rand, 0x580 - 0x41) : int(rand, 0x20000);
      if (cp >= 0xd800 && cp <= 0xdfff) cp = 0x130; // no lone surrogates
      return cp;
    });
    const name = String.fromCodePoint(...cps);
    const key = nameKey(name);
    assert.equal([...key].length, cps.length, show(name));
    assert.equal(nameKey(key), key, `the key of a key is itself: ${show(name)}`);
  }
});
