/** §2.2.1 names and §2.3.1 passwords. */
import assert from "node:assert/strict";
import { isValidName, isValidPassword, nameKey, sameName } from "../../protocol/mod.ts";

Deno.test("valid names: scripts, marks, punctuation, symbols, single spaces", () => {
  for (
    const n of [
      "a",
      "Ada Lovelace",
      "日本語の名前",
      "Пётр",
      "محمد",
      "e\u0301cole",
      "@anon+=_",
      "😀",
      "😀".repeat(32),
      "x".repeat(32),
      "a b c",
      "#lichat",
      "১২৩",
    ]
  ) assert.equal(isValidName(n), true, n);
});

Deno.test("invalid names: length, spaces, control characters, surrogates, non-strings", () => {
  for (
    const n of [
      "",
      "x".repeat(33),
      "😀".repeat(33),
      " lead",
      "trail ",
      "two  spaces",
      "tab\there",
      "new\nline",
      "nul\0",
      "\u0007bell",
      "lone\ud800",
      "lone\udc00x",
      "zero\u200bwidth",
      "no\u00a0break",
      "\u2028",
    ]
  ) assert.equal(isValidName(n), false, JSON.stringify(n));
  assert.equal(isValidName(5), false);
  assert.equal(isValidName(undefined), false);
});

Deno.test("names compare case-insensitively, code point by code point", () => {
  assert.ok(sameName("Ada", "aDA"));
  assert.ok(sameName("ÄDA", "äda"));
  assert.ok(sameName("ΣΑΣ", "σασ"));
  assert.ok(sameName("ПЁТР", "пётр"));
  assert.ok(!sameName("ada", "adb"));
  assert.ok(!sameName("ada", "ada "));
  // U+0130 lowers to two code points; the length must not change.
  assert.equal([...nameKey("İx")].length, 2);
  assert.equal(nameKey("Straße"), "straße");
});

Deno.test("passwords: at least 6 characters, no NUL", () => {
  assert.ok(isValidPassword("123456"));
  assert.ok(isValidPassword("パスワード🔑"));
  assert.ok(isValidPassword("      "));
  assert.ok(!isValidPassword("12345"));
  assert.ok(!isValidPassword("😀😀😀"), "6 UTF-16 units but 3 characters");
  assert.ok(!isValidPassword("abc\0defg"));
  assert.ok(!isValidPassword(123456));
});
