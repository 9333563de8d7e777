/**
 * Checking failure replies the way spec §3.2 describes them: a subclass of
 * `failure` from the server's user, with a text, reusing the request's id as
 * its `id` and, for an `update-failure`, as its `update-id`.
 *
 * @example
 * ```ts
 * import { expectFailure } from "./failures.ts";
 * await c.send('(join :id 7 :channel "nowhere")');
 * await expectFailure(c, "no-such-channel", 7);
 * ```
 *
 * @module
 */
import assert from "node:assert/strict";
import { defaultRegistry, type Id, type Update } from "../../protocol/mod.ts";
import { replacer, type UpdateInbox } from "./inbox.ts";
import { SERVER_NAME } from "./server.ts";

/**
 * Assert that `u` is a failure of `type` from the server. With `id`, also
 * that it answers the request of that id (`id`, and `update-id` when the
 * type has one). Without `id` (no request could be read), an `update-id` it
 * carries is its own `id`.
 */
export function assertFailure(u: Update, type: string, id?: Id): void {
  const shown = JSON.stringify(u, replacer);
  assert.equal(u.type, type, shown);
  assert.ok(defaultRegistry.isSubclass(type, "failure"), `${type} is not a failure class`);
  assert.equal(u.from, SERVER_NAME, shown);
  assert.equal(typeof u.text, "string", shown);
  const hasUpdateId = defaultRegistry.isSubclass(type, "update-failure");
  if (id !== undefined) assert.equal(u.id, id, shown);
  if (hasUpdateId) assert.equal(u["update-id"], id ?? u.id, shown);
}

/** The next update of `c`, which must be a failure as {@linkcode assertFailure} checks it. */
export async function expectFailure(c: UpdateInbox, type: string, id?: Id): Promise<Update> {
  const u = await c.next();
  assertFailure(u, type, id);
  return u;
}
