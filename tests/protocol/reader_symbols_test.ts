/**
 * The reader and printer on SYMBOL (spec §1.1): packages, case, escapes, and
 * placeholders for unknown symbols.
 */
import assert from "node:assert/strict";
import {
  isSym,
  makeSym,
  printSymbol,
  printValue,
  readValue,
  type Sym,
  SymbolTable,
} from "../../protocol/mod.ts";
import { int, pick, prng } from "./prng.ts";
import { readSym, symbols } from "./reading.ts";

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
