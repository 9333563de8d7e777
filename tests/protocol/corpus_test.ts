/**
 * The regression corpus (corpus.ts): samples as other implementations print
 * them must read as the updates they stand for, and what we print for those
 * updates must read back the same.
 */
import assert from "node:assert/strict";
import { isNil, LichatError, printUpdate, readUpdate, type Update } from "../../protocol/mod.ts";
import { CORPUS } from "./corpus.ts";

/** `u` without its NIL slots (all of them optional in the corpus). */
function withoutNil(u: Update): Update {
  return Object.fromEntries(Object.entries(u).filter(([, v]) => !isNil(v))) as Update;
}

for (const { what, wire, want } of CORPUS) {
  Deno.test(`corpus: ${what}`, () => {
    if ("failure" in want) {
      assert.throws(
        () => readUpdate(wire),
        (e) =>
          e instanceof LichatError && e.failure === want.failure && e.updateId === want.updateId,
        `${wire} should fail with ${want.failure}`,
      );
      return;
    }
    const u = readUpdate(wire);
    assert.deepEqual(u, want);
    // Printed, optional NIL slots are left out (§1.2); all else reads back.
    const text = printUpdate(u);
    assert.deepEqual(readUpdate(text), withoutNil(want), text);
    assert.equal(printUpdate(readUpdate(text)), text);
  });
}

Deno.test("corpus: every sample is distinct", () => {
  assert.equal(new Set(CORPUS.map((c) => c.wire)).size, CORPUS.length);
  assert.equal(new Set(CORPUS.map((c) => c.what)).size, CORPUS.length);
});
