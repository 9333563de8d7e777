/** concatBytes: order kept, one chunk passed through uncopied. */
import assert from "node:assert/strict";
import { concatBytes } from "../../protocol/mod.ts";

Deno.test("concatBytes joins in order and passes a single chunk through", () => {
  const one = new Uint8Array([1, 2]);
  assert.equal(concatBytes([one]), one);
  assert.deepEqual(
    concatBytes([one, new Uint8Array(0), new Uint8Array([3])]),
    new Uint8Array([1, 2, 3]),
  );
  assert.deepEqual(concatBytes([]), new Uint8Array(0));
});
