/**
 * Reading permission rules out of `permissions` replies, for the
 * permissions, grant and deny tests.
 *
 * @module
 */
import { isSym, type Update, type Value } from "../../protocol/mod.ts";
import type { RawClient } from "./raw.ts";
import { nextId } from "./raw.ts";

/** The rule for `type` in a permissions reply, in a comparable form. */
export function rule(reply: Update, type: string): string {
  for (const r of reply.permissions as Value[][]) {
    if (isSym(r[0]) && r[0].name === type) return show(r[1]);
  }
  return "T"; // no rule: anyone
}

/** A rule expression as `T`, `NIL` or `(+ a b)`. */
export function show(v: Value): string {
  if (isSym(v)) return v.name.toUpperCase();
  const [op, ...names] = v as Value[];
  return `(${(op as { name: string }).name} ${names.join(" ")})`.replace(/ \)$/, ")");
}

/** Ask for a channel's permissions and return the reply. */
export async function view(c: RawClient, channel = "room"): Promise<Update> {
  const id = nextId();
  await c.send(`(permissions :id ${id} :channel "${channel}")`);
  const r = await c.waitFor("permissions", (u) => u.id === id);
  return r;
}
