/**
 * Objects (§1.2), typed slots (§1.4), unknown fields (§6), names (§5.1 step
 * 4), and printing updates (§1.1–§1.3).
 */
import assert from "node:assert/strict";
import {
  checkNames,
  type FailureKind,
  type Id,
  LichatError,
  makeSym,
  NIL,
  printUpdate,
  readUpdate,
  type ReadUpdateOptions,
  Registry,
  T,
  type Update,
  type Value,
} from "../../protocol/mod.ts";
import { DEFINITIONS } from "../../protocol/spec/definitions.generated.ts";

/** Assert that reading `text` fails with `failure` and, if given, names `id`. */
function assertFails(
  text: string,
  failure: FailureKind,
  id?: Id | null,
  opts: ReadUpdateOptions = {},
): LichatError {
  let caught: unknown;
  try {
    readUpdate(text, opts);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof LichatError, `${text} should raise LichatError, got ${caught}`);
  assert.equal(caught.failure, failure, `${text}: ${caught.message}`);
  if (id !== undefined) assert.equal(caught.updateId, id ?? undefined, `${text}: updateId`);
  return caught;
}

function assertUnprintable(u: Update, registry?: Registry): void {
  assert.throws(
    () => printUpdate(u, registry),
    (e) => e instanceof LichatError && e.failure === "unprintable",
    JSON.stringify(u, (_, v) => typeof v === "bigint" ? `${v}n` : v),
  );
}

/**
 * The spec's classes plus a class with a slot of every §1.4 type, and a
 * class that is not an update.
 */
const typed = new Registry([
  ...DEFINITIONS,
  `(define-object lichat:typed (lichat:update)
     (:num number :optional) (:int integer :optional) (:flt float :optional)
     (:tm time :optional) (:str string :optional) (:strs (list string) :optional)
     (:sym symbol :optional) (:kw keyword :optional) (:bool boolean :optional)
     (:lst list :optional) (:any T :optional) (:obj object :optional)
     (:user username :optional) (:chan channelname :optional) (:pass password :optional)
     (:alt (or (list symbol) T) :optional))
   (define-object lichat:thing () (:x string))`,
]);

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

// ---------------------------------------------------------------- printing

Deno.test("printing: definition order, whatever the order of the object's keys", () => {
  const u: Update = {
    type: "message",
    text: "hi",
    channel: "room",
    id: 5,
    from: "ada",
    clock: 100,
    "shirakumo:link": "https://example.com",
  };
  const text =
    '(message :id 5 :clock 100 :from "ada" :channel "room" :text "hi" shirakumo:link "https://example.com")';
  assert.equal(printUpdate(u), text);
  const reordered = Object.fromEntries(Object.entries(u).reverse()) as Update;
  assert.equal(printUpdate(reordered), text);
  assert.equal(printUpdate(u), printUpdate(u), "printing twice gives the same text");
});

Deno.test("printing: unset and NIL optional slots are left out (§1.2)", () => {
  assert.equal(printUpdate({ type: "ping", id: 1 }), "(ping :id 1)");
  assert.equal(printUpdate({ type: "ping", id: 1, from: undefined }), "(ping :id 1)");
  assert.equal(
    printUpdate({ type: "ping", id: 1, from: NIL as unknown as string }),
    "(ping :id 1)",
  );
  assert.equal(
    printUpdate({ type: "user-info", id: 2, target: "x", registered: NIL, connections: 3 }),
    '(user-info :id 2 :target "x" :connections 3)',
  );
  assert.equal(
    printUpdate({ type: "user-info", id: 3, target: "x", registered: T }),
    '(user-info :id 3 :target "x" :registered t)',
  );
  // An empty list is a value, printed as ().
  assert.equal(
    printUpdate({ type: "users", id: 4, channel: "c", users: [] }),
    '(users :id 4 :channel "c" :users ())',
  );
  // Keys that are no slots of the class are not printed.
  assert.equal(printUpdate({ type: "ping", id: 5, text: "x", mood: "y" }), "(ping :id 5)");
});

Deno.test("printing: NUL is filtered from strings (§1.3)", () => {
  const u: Update = { type: "message", id: 1, channel: "ro\0om", text: "hi\0 there\0" };
  assert.equal(printUpdate(u), '(message :id 1 :channel "room" :text "hi there")');
  assert.equal(
    printUpdate({ type: "users", id: 2, channel: "c", users: ["a\0", "\0b"] }),
    '(users :id 2 :channel "c" :users ("a" "b"))',
  );
});

Deno.test("printing: unprintable updates", () => {
  // A symbol whose name or package holds NUL may not be put on the wire (§1.3).
  assertUnprintable({ type: "grant", id: 1, channel: "c", target: "t", update: makeSym("jo\0in") });
  assertUnprintable({
    type: "grant",
    id: 1,
    channel: "c",
    target: "t",
    update: makeSym("x", "p\0"),
  });
  assertUnprintable({
    type: "permissions",
    id: 1,
    channel: "c",
    permissions: [[makeSym("join"), [makeSym("+"), makeSym("a\0")]]],
  });
  // Numbers have no negative wire form.
  assertUnprintable({ type: "ping", id: -1 });
  assertUnprintable({ type: "ping", id: 1, clock: -5 });
  assertUnprintable({ type: "ping", id: -1n });
  assertUnprintable({ type: "ping", id: NaN });
  assertUnprintable({ type: "ping", id: Infinity });
  // Missing required slots, unknown classes, values that are no wire values.
  assertUnprintable({ type: "message", id: 1, channel: "c" });
  assertUnprintable({ type: "ping" } as unknown as Update);
  assertUnprintable({ type: "frobnicate", id: 1 });
  assertUnprintable({ type: "thing", id: 1, x: "a" } as Update);
  assertUnprintable({ type: "users", id: 1, channel: "c", users: [true as unknown as Value] });
  assertUnprintable({ type: "users", id: 1, channel: "c", users: [null as unknown as Value] });
  assertUnprintable({ type: "users", id: 1, channel: "c", users: [{} as unknown as Value] });
});

Deno.test("printing then reading gives the same update", () => {
  const updates: Update[] = [
    { type: "ping", id: 0 },
    {
      type: "connect",
      id: 1,
      clock: 3900000000,
      from: "ada",
      password: "pass word",
      version: "2.0",
      extensions: ["shirakumo-data"],
    },
    { type: "message", id: 2n ** 64n, channel: "日本", text: 'say "\\hi\\"\n' },
    { type: "grant", id: 3, channel: "c", target: "t", update: makeSym("message") },
    {
      type: "permissions",
      id: 4,
      channel: "c",
      permissions: [[makeSym("join"), T], [makeSym("message"), [makeSym("+"), "ada", "bob"]], [
        makeSym("kick"),
        NIL,
      ]],
    },
    {
      type: "server-info",
      id: 5,
      target: "x",
      attributes: [[makeSym("channels"), ["a"]]],
      connections: [[[makeSym("ip"), "::1"]]],
    },
    { type: "shirakumo:data", id: 6, channel: "c", "content-type": "image/png", payload: "AAAA" },
    { type: "shirakumo:channel-info", id: 7, channel: "c", keys: T },
    { type: "warning", id: 8, text: "careful", "update-id": 7 },
  ];
  for (const u of updates) {
    const text = printUpdate(u);
    assert.deepEqual(readUpdate(text), u, text);
    assert.equal(printUpdate(readUpdate(text)), text);
  }
});

Deno.test("errata: set-user-info's key reads as a symbol (the prose) or a string (the sexpr)", () => {
  const sym = readUpdate('(shirakumo:set-user-info :id 1 :key :real-name :text "A")');
  assert.equal((sym.key as { name: string }).name, "real-name");
  const str = readUpdate('(shirakumo:set-user-info :id 1 :key "real-name" :text "A")');
  assert.equal(str.key, "real-name");
  assert.throws(() => readUpdate('(shirakumo:set-user-info :id 1 :key 5 :text "A")'));
});
