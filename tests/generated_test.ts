/**
 * The checked-in generated modules must match their sources: a stale worker
 * bundle would run old parser code in the workers.
 */
import assert from "node:assert/strict";
import { definitionsModule, typesModule, workerBundleModule } from "../build/generate.ts";

Deno.test("protocol/spec/definitions.generated.ts is current (run `deno task generate`)", async () => {
  const current = await Deno.readTextFile(
    new URL("../protocol/spec/definitions.generated.ts", import.meta.url),
  );
  assert.equal(current, await definitionsModule());
});

Deno.test("workers/bundle.generated.ts is current (run `deno task generate`)", async () => {
  const current = await Deno.readTextFile(
    new URL("../workers/bundle.generated.ts", import.meta.url),
  );
  assert.equal(current, await workerBundleModule());
});

Deno.test("the spec's definition files are carried with their licence", async () => {
  for (const f of ["lichat.sexpr", "shirakumo.sexpr", "LICENSE"]) {
    const text = await Deno.readTextFile(new URL(`../protocol/spec/${f}`, import.meta.url));
    assert.ok(text.length > 100, f);
  }
});

Deno.test("protocol/types.generated.ts is current (run `deno task generate`)", async () => {
  const current = await Deno.readTextFile(
    new URL("../protocol/types.generated.ts", import.meta.url),
  );
  assert.equal(current, await typesModule());
});
