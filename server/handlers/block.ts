/**
 * `shirakumo-block` (shirakumo.mess §19): registered users' block lists.
 * A member who blocked an update's sender does not get it when it goes to a
 * channel (the actor's delivery); the list is kept with the profile.
 *
 * @module
 */
import { nameKey } from "../../protocol/mod.ts";
import type { Context, Handler } from "../context.ts";
import type { Connection } from "../state/model.ts";
import type { Update } from "../../protocol/mod.ts";
import { saveProfile } from "./persist.ts";
import { senderProfile } from "./profile.ts";

/** Step 1 of all three. */
const profileOf = (ctx: Context, conn: Connection, u: Update) =>
  senderProfile(ctx, conn, u, "keep a block list");

/** `block`: add the target to the sender's block list. */
export const block: Handler = (ctx, conn, u) => {
  const profile = profileOf(ctx, conn, u);
  if (!profile) return;
  const name = ctx.findUser(u.target as string)?.name ?? (u.target as string);
  (profile.blocks ??= new Map()).set(nameKey(name), name);
  saveProfile(ctx, profile);
  ctx.blocksChanged();
  ctx.send(u, [conn]);
};

/** `unblock`: take the target off the sender's block list. */
export const unblock: Handler = (ctx, conn, u) => {
  const profile = profileOf(ctx, conn, u);
  if (!profile) return;
  profile.blocks?.delete(nameKey(u.target as string));
  saveProfile(ctx, profile);
  ctx.blocksChanged();
  ctx.send(u, [conn]);
};

/** `blocked`: the sender's block list, in `target`. */
export const blocked: Handler = (ctx, conn, u) => {
  const profile = profileOf(ctx, conn, u);
  if (!profile) return;
  ctx.send({ ...u, target: [...(profile.blocks?.values() ?? [])] }, [conn]);
};
