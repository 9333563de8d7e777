/**
 * Objects (§1.2), unknown fields (§6), the ids errors carry, and names (§5.1
 * step 4). Typed slots have slot_types_test.ts, printing
 * update_printing_test.ts.
 */
import assert from "node:assert/strict";
import {
  checkNames,
  type FailureKind,
  type Id,
  LichatError,
  readUpdate,
} from "../../protocol/mod.ts";
import { assertFails, typed } from "./updates.ts";

// ---------------------------------------------------------------- §1.2

Deno.test("§1.2: an update is a list starting with a symbol", () => {
  for (const text of ['"just a string"', "42", "message", ":id", "()", "(())"]) {
    assertFails(text, "malformed-update", null);
  }
  for (
    const text of ['("message" :id 1)', "(1 :id 1)", "((message) :id 1)", "(() :id 1)", "(.5)"]
  ) assertFails(text, "malformed-update");
});

Deno.test("§1.2: keys and values must pair up", () => {
  assertFails("(ping :id 1 :clock)", "malformed-update", 1);
  assertFails("(ping :id)", "malformed-update", null);
  assertFails('(message :id 2 :channel "c" :text)', "malformed-update", 2);
  // Even an unknown class: the shape is checked first.
  assertFails("(frobnicate :id 3 :x)", "malformed-update", 3);
});

Deno.test("§1.2: keys must be keywords", () => {
  assertFails("(ping :id 1 clock 5)", "malformed-update", 1);
  assertFails("(ping :id 1 lichat:clock 5)", "malformed-update", 1);
  assertFails('(ping :id 1 "clock" 5)', "malformed-update", 1);
  assertFails("(ping :id 1 5 5)", "malformed-update", 1);
  assertFails("(ping :id 1 (:clock) 5)", "malformed-update", 1);
  assertFails("(ping id 1)", "malformed-update", null);
  // Checked before the class is: a bad key in an unknown class is malformed.
  assertFails("(frobnicate :id 4 x 1)", "malformed-update", 4);
});

Deno.test("§1.2 / §5.1 step 3: an unknown class is invalid-update", () => {
  assertFails("(frobnicate :id 3)", "invalid-update", 3);
  assertFails("(nopackage:message :id 4)", "invalid-update", 4);
  assertFails('(lichat-protocol:connect :id 5 :version "2.0")', "invalid-update", 5);
  assertFails("(shirakumo:nonexistent :id 6)", "invalid-update", 6);
  assertFails("(:ping :id 7)", "invalid-update", 7);
  assertFails("(frobnicate)", "invalid-update", null);
});

Deno.test("§1.2: a symbol that names no update class is invalid-update", () => {
  // Known symbols that are no classes at all.
  assertFails("(nil :id 1)", "invalid-update", 1);
  assertFails("(t :id 2)", "invalid-update", 2);
  assertFails("(+ :id 3)", "invalid-update", 3);
  // A class that is not a subclass of update.
  assertFails('(thing :x "a")', "invalid-update", undefined, { registry: typed });
  assertFails('(thing :id 4 :x "a")', "invalid-update", 4, { registry: typed });
});

// ---------------------------------------------------------------- §6

Deno.test("§6: unknown keyword arguments are ignored; the first of repeated keys wins", () => {
  const u = readUpdate(
    '(message :id 1 :channel "c" :text "t" :mood "happy" :bridge NIL :rich ((0 1 :bold)) :text "2nd")',
  );
  assert.deepEqual(u, { type: "message", id: 1, channel: "c", text: "t" });
  // Slots of other classes are unknown here.
  assert.deepEqual(readUpdate('(ping :id 2 :text "x" :channel 5)'), { type: "ping", id: 2 });
  // Symbols of extension packages name extension slots, or are ignored.
  const v = readUpdate(
    '(message :id 3 :channel "c" :text "t" shirakumo:link "https://x" other:thing (1 2) shirakumo:nope 5)',
  );
  assert.deepEqual(v, {
    type: "message",
    id: 3,
    channel: "c",
    text: "t",
    "shirakumo:link": "https://x",
  });
  // A repeated key is not checked again.
  assert.deepEqual(readUpdate('(ping :id 4 :clock 5 :clock "x")'), {
    type: "ping",
    id: 4,
    clock: 5,
  });
  assert.deepEqual(readUpdate("(ping :id 5 :id 6)").id, 5);
});

Deno.test("§1.2: a missing optional slot is absent, not undefined", () => {
  const u = readUpdate('(message :id 1 :channel "c" :text "t")');
  assert.deepEqual(Object.keys(u).sort(), ["channel", "id", "text", "type"]);
});

// ---------------------------------------------------------------- ids on errors

Deno.test("errors carry the update's id when it could be read", () => {
  const cases: [string, FailureKind, Id | null][] = [
    ["(frobnicate :id 1)", "invalid-update", 1],
    ["(frobnicate :clock 2 :id 3)", "invalid-update", 3],
    [
      "(frobnicate :id 123456789012345678901234567890)",
      "invalid-update",
      123456789012345678901234567890n,
    ],
    ['(frobnicate :id "x")', "invalid-update", null],
    ["(frobnicate :id foo)", "invalid-update", null],
    ["(frobnicate)", "invalid-update", null],
    ['(ping :id 4 :clock "x")', "malformed-update", 4],
    ['(ping :clock "x" :id 5)', "malformed-update", 5],
    ["(ping :id 6 :clock)", "malformed-update", 6],
    ["(ping :id 7 bad 1)", "malformed-update", 7],
    ['(ping :id 1.5 :clock "x")', "malformed-update", 1.5],
  ];
  for (const [text, failure, id] of cases) assertFails(text, failure, id);
  // Syntax errors come before any id is known.
  assertFails('(ping :id 8 :text "unclosed)', "malformed-update", null);
});

// ---------------------------------------------------------------- §5.1 step 4

Deno.test("§5.1 step 4: checkNames rejects invalid from, channel and target names", () => {
  const ok = readUpdate('(kick :id 1 :from "Ada" :channel "room" :target "Bob Smith")');
  checkNames(ok);
  checkNames(readUpdate("(create :id 2)"));
  checkNames(readUpdate('(shirakumo:blacklist :id 3 :target ("  bad  "))'));
  const bad = [
    '(join :id 4 :channel " room")',
    '(join :id 5 :channel "room ")',
    '(join :id 6 :channel "a  b")',
    '(join :id 7 :from "" :channel "x")',
    '(user-info :id 8 :target "tab\there")',
    `(join :id 9 :from "${"x".repeat(33)}" :channel "x")`,
    '(message :id 10 :from "a" :channel "new\nline" :text "t")',
    '(pull :id 11 :channel "c" :target "zero\u200bwidth")',
  ];
  for (const text of bad) {
    const u = readUpdate(text);
    assert.throws(
      () => checkNames(u),
      (e) => e instanceof LichatError && e.failure === "bad-name" && e.updateId === u.id,
      text,
    );
  }
});
