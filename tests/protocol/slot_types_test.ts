/**
 * Typed slots (§1.4): each type checked, NIL and () in slots (§1.2), and the
 * errata on slot types.
 */
import assert from "node:assert/strict";
import { makeSym, NIL, readUpdate, T, type Value } from "../../protocol/mod.ts";
import { assertFails, typed } from "./updates.ts";

// ---------------------------------------------------------------- §1.4

Deno.test("§1.4: a missing required slot is malformed-update", () => {
  assertFails("(ping)", "malformed-update", null);
  assertFails("(ping :clock 5)", "malformed-update", null);
  assertFails('(message :id 6 :channel "c")', "malformed-update", 6);
  assertFails('(message :id 7 :text "t")', "malformed-update", 7);
  assertFails('(connect :id 8 :version "2.0")', "malformed-update", 8);
  assertFails("(connect :id 9 :extensions ())", "malformed-update", 9);
  assertFails('(server-info :id 10 :target "x" :attributes ())', "malformed-update", 10);
  assertFails('(shirakumo:data :id 11 :channel "c" :payload "")', "malformed-update", 11);
  const e = assertFails('(message :id 12 :text "t")', "malformed-update", 12);
  assert.match(e.message, /channel/);
});

/** The slot-type table: [slot, wire value, what it reads as, or null for malformed]. */
const TYPE_TABLE: [string, string, Value | null][] = [
  ["num", "1", 1],
  ["num", "1.5", 1.5],
  ["num", "123456789012345678901", 123456789012345678901n],
  ["num", '"1"', null],
  ["num", "one", null],
  ["num", "(1)", null],
  ["int", "0", 0],
  ["int", "123456789012345678901", 123456789012345678901n],
  ["int", "1.5", null],
  ["int", '"1"', null],
  ["int", "t", null],
  ["tm", "3900000000", 3900000000],
  ["tm", "1.25", null],
  ["flt", "1.5", 1.5],
  ["flt", ".5", 0.5],
  ["flt", '"1.5"', null],
  ["str", '"x"', "x"],
  ["str", '""', ""],
  ["str", "1", null],
  ["str", "x", null],
  ["str", ":x", null],
  ["str", '("x")', null],
  ["user", '"ada"', "ada"],
  ["user", "ada", null],
  ["chan", '"lobby"', "lobby"],
  ["chan", "5", null],
  ["pass", '"secret"', "secret"],
  ["pass", "secret", null],
  ["strs", '("a" "b")', ["a", "b"]],
  ["strs", "()", []],
  ["strs", '("a" 1)', null],
  ["strs", '(("a"))', null],
  ["strs", '"a"', null],
  ["strs", "a", null],
  ["sym", "message", makeSym("message")],
  ["sym", ":zzz", makeSym("zzz", "keyword", false)],
  ["sym", "other:thing", makeSym("thing", "other", false)],
  ["sym", '"message"', null],
  ["sym", "1", null],
  ["sym", "(message)", null],
  ["kw", ":channel", makeSym("channel", "keyword")],
  ["kw", "channel", null],
  ["kw", '":channel"', null],
  ["bool", "T", T],
  ["bool", "t", T],
  ["bool", ":t", null],
  ["bool", '"t"', null],
  ["bool", "yes", null],
  ["bool", "1", null],
  ["lst", '(1 "a" b)', [1, "a", makeSym("b", "lichat", false)]],
  ["lst", "()", []],
  ["lst", '"x"', null],
  ["lst", "x", null],
  ["any", '"x"', "x"],
  ["any", "5", 5],
  ["any", "(1 (2))", [1, [2]]],
  ["any", "foo", makeSym("foo", "lichat", false)],
  ["obj", "(message :id 1)", [makeSym("message"), makeSym("id", "keyword"), 1]],
  ["obj", '"x"', null],
  ["obj", "(1 2)", null],
  ["alt", "(a :b)", [makeSym("a", "lichat", false), makeSym("b", "keyword", false)]],
  ["alt", "T", T],
];

Deno.test("§1.4: slot values must conform to the slot's type", () => {
  for (const [slot, wire, want] of TYPE_TABLE) {
    const text = `(typed :id 99 :${slot} ${wire})`;
    if (want === null) {
      assertFails(text, "malformed-update", 99, { registry: typed });
    } else {
      const u = readUpdate(text, { registry: typed });
      assert.deepEqual(u[slot], want, text);
    }
  }
});

Deno.test("§1.4: the spec's own slot types are checked", () => {
  assertFails('(ping :id "6")', "malformed-update", null);
  assertFails("(ping :id foo)", "malformed-update", null);
  assertFails('(ping :id 7 :clock "now")', "malformed-update", 7);
  assertFails("(ping :id 8 :clock 1.5)", "malformed-update", 8);
  assertFails('(message :id 9 :channel c :text "x")', "malformed-update", 9);
  assertFails('(message :id 10 :channel "c" :text ("x"))', "malformed-update", 10);
  assertFails('(connect :id 11 :version "2.0" :extensions ("a" 1))', "malformed-update", 11);
  assertFails("(connect :id 12 :version 2.0 :extensions ())", "malformed-update", 12);
  assertFails('(grant :id 13 :channel "c" :target "t" :update "join")', "malformed-update", 13);
  assertFails('(user-info :id 14 :target "t" :registered "yes")', "malformed-update", 14);
  assertFails('(user-info :id 15 :target "t" :connections 1.5)', "malformed-update", 15);
  assertFails('(permissions :id 16 :channel "c" :permissions (join))', "malformed-update", 16);
  assertFails(
    '(server-info :id 17 :target "t" :attributes () :connections (1))',
    "malformed-update",
    17,
  );
  assertFails('(capabilities :id 18 :channel "c" :permitted ("join"))', "malformed-update", 18);
  assertFails('(channels :id 19 :channel "c" :channels (a))', "malformed-update", 19);
});

Deno.test("§1.2: NIL is unset for optional slots, an error for required ones", () => {
  const c = readUpdate('(connect :id 1 :version "2.0" :from NIL :password NIL :extensions ())');
  assert.deepEqual(c, { type: "connect", id: 1, version: "2.0", extensions: [] });
  assert.equal("from" in c, false);
  assert.equal("password" in c, false);
  assertFails('(message :id 2 :channel "c" :text NIL)', "malformed-update", 2);
  assertFails('(message :id 3 :channel NIL :text "t")', "malformed-update", 3);
  assertFails("(ping :id NIL)", "malformed-update", null);
  const e = assertFails("(register :id 4 :password NIL)", "malformed-update", 4);
  assert.match(e.message, /NIL/);
  // A create without a channel asks for an anonymous channel (§5.3.1).
  assert.deepEqual(readUpdate("(create :id 5 :channel NIL)"), { type: "create", id: 5 });
});

Deno.test("§1.2: NIL is the empty list in list slots, and NIL in symbol slots", () => {
  const u = readUpdate('(users :id 1 :channel "c" :users NIL)');
  assert.deepEqual(u.users, []);
  const s = readUpdate('(connect :id 2 :version "2.0" :extensions NIL)');
  assert.deepEqual(s.extensions, []);
  const i = readUpdate('(server-info :id 3 :target "t" :attributes nil :connections Nil)');
  assert.deepEqual(i.attributes, []);
  assert.deepEqual(i.connections, []);
  const r = readUpdate('(user-info :id 4 :target "x" :registered NIL :connections 3)');
  assert.deepEqual(r.registered, NIL);
  const g = readUpdate('(grant :id 5 :channel "c" :target "t" :update NIL)');
  assert.deepEqual(g.update, NIL);
  const k = readUpdate('(shirakumo:channel-info :id 6 :channel "c" :keys NIL)', {
    registry: typed,
  });
  assert.deepEqual(k.keys, []);
});

Deno.test("§1.2: () is NIL where a list does not fit (Lisp printers print NIL so)", () => {
  const c = readUpdate('(connect :id 1 :version "2.0" :password () :extensions ())');
  assert.deepEqual(c, { type: "connect", id: 1, version: "2.0", extensions: [] });
  const r = readUpdate('(user-info :id 2 :target "x" :registered ())');
  assert.deepEqual(r.registered, NIL);
  const g = readUpdate('(deny :id 3 :channel "c" :target "t" :update ())');
  assert.deepEqual(g.update, NIL);
  assertFails('(message :id 4 :channel () :text "t")', "malformed-update", 4);
  assertFails("(ping :id ())", "malformed-update", null);
  // A non-empty list is no NIL.
  assertFails(
    '(connect :id 5 :version "2.0" :password ("x") :extensions ())',
    "malformed-update",
    5,
  );
});

Deno.test("§1.2: every read gets its own empty list", () => {
  const a = readUpdate('(users :id 1 :channel "c" :users NIL)');
  const b = readUpdate('(users :id 2 :channel "c" :users NIL)');
  assert.notEqual(a.users, b.users);
  (a.users as Value[]).push("x");
  assert.deepEqual(b.users, []);
  assert.deepEqual(readUpdate('(users :id 3 :channel "c" :users NIL)').users, []);
});

Deno.test("errata: set-user-info's key reads as a symbol (the prose) or a string (the sexpr)", () => {
  const sym = readUpdate('(shirakumo:set-user-info :id 1 :key :real-name :text "A")');
  assert.equal((sym.key as { name: string }).name, "real-name");
  const str = readUpdate('(shirakumo:set-user-info :id 1 :key "real-name" :text "A")');
  assert.equal(str.key, "real-name");
  assert.throws(() => readUpdate('(shirakumo:set-user-info :id 1 :key 5 :text "A")'));
});
