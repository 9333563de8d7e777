/** Objects (§1.2), typed slots (§1.4), extensions (§6), and printing. */
import assert from "node:assert/strict";
import {
  checkNames,
  LichatError,
  makeSym,
  printUpdate,
  printValue,
  readUpdate,
  type Update,
} from "../../protocol/mod.ts";

function fails(text: string, failure: string, id?: number): void {
  assert.throws(
    () => readUpdate(text),
    (e) =>
      e instanceof LichatError && e.failure === failure && (id === undefined || e.updateId === id),
    `${text} should fail with ${failure}`,
  );
}

Deno.test("§1.2: malformed objects", () => {
  fails('"just a string"', "malformed-update");
  fails("()", "malformed-update");
  fails('("message" :id 1)', "malformed-update");
  fails("(1 :id 1)", "malformed-update");
  fails("(ping :id 1 :clock)", "malformed-update");
  fails("(ping :id 1 clock 5)", "malformed-update", 1);
  fails('(ping :id 1 "key" 5)', "malformed-update", 1);
});

Deno.test("§1.2 / §5.1 step 3: unknown classes are invalid-update", () => {
  fails("(frobnicate :id 3)", "invalid-update", 3);
  fails("(nopackage:message :id 4)", "invalid-update", 4);
  fails("(lichat-protocol:message :id 5)", "invalid-update", 5);
});

Deno.test("§1.4: required slots and slot types", () => {
  fails('(message :id 6 :channel "c")', "malformed-update", 6);
  fails("(ping)", "malformed-update");
  fails('(ping :id "6")', "malformed-update");
  fails('(ping :id 7 :clock "now")', "malformed-update", 7);
  fails("(ping :id 8 :clock 1.5)", "malformed-update", 8);
  fails('(message :id 9 :channel c :text "x")', "malformed-update", 9);
  fails('(connect :id 10 :version "2.0" :extensions ("a" 1))', "malformed-update", 10);
  fails('(grant :id 11 :channel "c" :target "t" :update "join")', "malformed-update", 11);
  fails('(user-info :id 12 :target "t" :registered "yes")', "malformed-update", 12);
  fails('(message :id 13 :channel "c" :text NIL)', "malformed-update", 13);
});

Deno.test("§1.2: NIL is unset for optional slots and the empty list for list slots", () => {
  const c = readUpdate('(connect :id 1 :version "2.0" :from NIL :password NIL :extensions NIL)');
  assert.equal("from" in c, false);
  assert.equal("password" in c, false);
  assert.deepEqual(c.extensions, []);
  const u = readUpdate('(user-info :id 2 :target "x" :registered NIL :connections 3)');
  assert.ok(!("registered" in u) || (u.registered as { name: string }).name === "nil");
  assert.equal(printUpdate(u), '(user-info :id 2 :target "x" :connections 3)');
});

Deno.test("§6: unknown keyword arguments are ignored; the first of repeated keys wins", () => {
  const u = readUpdate(
    '(message :id 1 :channel "c" :text "t" :mood "happy" :bridge NIL :text "second")',
  );
  assert.deepEqual(u, { type: "message", id: 1, channel: "c", text: "t" });
  const v = readUpdate(
    '(message :id 2 :channel "c" :text "t" shirakumo:link "https://x" other:thing 5)',
  );
  assert.equal(v["shirakumo:link"], "https://x");
  assert.equal("other:thing" in v, false);
});

Deno.test("§5.1 step 4: checkNames", () => {
  const ok = readUpdate('(kick :id 1 :from "Ada" :channel "room" :target "Bob")');
  checkNames(ok);
  for (
    const bad of [
      '(join :id 2 :channel " room")',
      '(join :id 3 :channel "a  b")',
      '(join :id 4 :from "" :channel "x")',
      '(user-info :id 5 :target "tab\there")',
    ]
  ) {
    const u = readUpdate(bad);
    assert.throws(
      () => checkNames(u),
      (e) => e instanceof LichatError && e.failure === "bad-name" && e.updateId === u.id,
    );
  }
});

Deno.test("printing: definition order, optional slots omitted, NUL filtered, stable", () => {
  const u: Update = {
    type: "message",
    text: "hi\0 there",
    channel: "room",
    id: 5,
    from: "ada",
    clock: 100,
  };
  const text = printUpdate(u);
  assert.equal(text, '(message :id 5 :clock 100 :from "ada" :channel "room" :text "hi there")');
  assert.equal(printUpdate(u), text);
  assert.equal(
    printUpdate({ type: "ping", id: 1, from: makeSym("nil") as unknown as string }),
    "(ping :id 1)",
  );
  assert.equal(printValue('say "\\hi\\"'), '"say \\"\\\\hi\\\\\\""');
});

Deno.test("printing: symbols per §1.1", () => {
  assert.equal(printValue(makeSym("message")), "message");
  assert.equal(printValue(makeSym("channel", "keyword")), ":channel");
  assert.equal(printValue(makeSym("data", "shirakumo")), "shirakumo:data");
  assert.equal(printValue(makeSym("a b:c(1)")), "a\\ b\\:c\\(\\1\\)");
  assert.equal(printValue([makeSym("+"), "ada"]), '(+ "ada")');
  assert.equal(printValue([]), "()");
});

Deno.test("printing: unprintable values", () => {
  const unprintable = (f: () => unknown) =>
    assert.throws(f, (e) => e instanceof LichatError && e.failure === "unprintable");
  unprintable(() => printValue(makeSym("bad\0name")));
  unprintable(() => printValue(-1));
  unprintable(() => printValue(-1n));
  unprintable(() => printValue(NaN));
  unprintable(() => printValue(Infinity));
  unprintable(() => printUpdate({ type: "message", id: 1, channel: "c" }));
  unprintable(() => printUpdate({ type: "frobnicate", id: 1 }));
  assert.equal(printValue(1e21), "1000000000000000000000");
  assert.equal(printValue(1e-7), "0.0000001");
  assert.equal(printValue(2n ** 70n), "1180591620717411303424");
});
