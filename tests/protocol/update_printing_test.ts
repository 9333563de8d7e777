/**
 * Printing updates (§1.1–§1.3): slot order, what is left out, what cannot be
 * printed, and reading back.
 */
import assert from "node:assert/strict";
import {
  LichatError,
  makeSym,
  NIL,
  printUpdate,
  readUpdate,
  Registry,
  T,
  type Update,
  type Value,
} from "../../protocol/mod.ts";

function assertUnprintable(u: Update, registry?: Registry): void {
  assert.throws(
    () => printUpdate(u, registry),
    (e) => e instanceof LichatError && e.failure === "unprintable",
    JSON.stringify(u, (_, v) => typeof v === "bigint" ? `${v}n` : v),
  );
}

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
