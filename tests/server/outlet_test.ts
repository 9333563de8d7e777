/** Printed.join: the bytes of a write batch, shared work reused, never stale. */
import assert from "node:assert/strict";
import { Printed } from "../../server/outlet.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

Deno.test("Printed.join: NUL after each update, shared and private ones mixed", () => {
  const shared = new Printed('(shared "é")', undefined, true);
  const a = new Printed("(a)");
  const b = new Printed("(b)");
  const pre = new Printed(undefined, new TextEncoder().encode("(pre)\0"));
  assert.equal(text(Printed.join([a, shared, b, pre])), '(a)\0(shared "é")\0(b)\0(pre)\0');
  // The shared one keeps its bytes for the next connection's batch.
  assert.equal(text(shared.bytes), '(shared "é")\0');
  assert.equal(pre.text, "(pre)");
});

Deno.test("Printed.join: the same batch again gives the same bytes; another batch its own", () => {
  const x = new Printed("(x)", undefined, true);
  const y = new Printed("(y)", undefined, true);
  const first = Printed.join([x, y]);
  assert.equal(Printed.join([x, y]), first, "joined once, written to each");
  assert.equal(text(Printed.join([y, x])), "(y)\0(x)\0");
  assert.equal(text(Printed.join([x, y, x])), "(x)\0(y)\0(x)\0");
  assert.equal(text(Printed.join([x])), "(x)\0");
});

Deno.test("Printed.updates: the object it was printed from, else its text read back", () => {
  const u = { type: "message", id: 1, channel: "c", text: "hi" };
  const printed = new Printed('(message :id 1 :channel "c" :text "hi")', undefined, false, 1, u);
  assert.equal(printed.updates[0], u);
  const run = new Printed(
    undefined,
    new TextEncoder().encode(
      '(message :id 2 :channel "c" :text "a")\0(message :id 3 :channel "c" :text "b")\0',
    ),
    true,
    2,
  );
  assert.deepEqual(run.updates.map((x) => [x.id, x.text]), [[2, "a"], [3, "b"]]);
  assert.equal(run.updates, run.updates, "read once");
});
