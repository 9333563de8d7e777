/**
 * `shirakumo-block` (shirakumo.mess §19): registered users' block lists. A
 * member who blocked an update's sender does not get it when it goes to a
 * channel (runs too); the list is kept in the store with the profile.
 *
 * @module
 */
import { nameKey } from "../../protocol/mod.ts";
import type { Context } from "../context.ts";
import { type Extension, handler } from "../extension.ts";
import { Kept } from "../state/kept.ts";
import type { Profile } from "../state/model.ts";
import { slot } from "../state/slots.ts";

const NAME = "shirakumo-block";
/** Each profile's blocked users, name key to name. */
const blocks = slot((_: Profile) => new Map<string, string>());
/** Each server's profiles with a non-empty block list: while none, delivery skips the check. */
const blockers = slot((_: Context) => new Set<Profile>());
const kept = new Kept<string>(NAME, "profile");

/** Record a changed block list: in the store, and whether the profile blocks anyone. */
function changed(ctx: Context, profile: Profile): void {
  const list = blocks.get(profile);
  if (list.size > 0) blockers.get(ctx).add(profile);
  else blockers.get(ctx).delete(profile);
}

const why = "keep a block list";

/** The extension. */
export const BLOCK: Extension = {
  name: NAME,
  handlers: [
    // `block`: add the target to the sender's block list.
    handler("shirakumo:block", { registered: why }, (ctx, req) => {
      const t = req.update.target;
      const name = ctx.findUser(t)?.name ?? t;
      blocks.get(req.profile).set(nameKey(name), name);
      kept.put(ctx.store, req.profile.key, nameKey(name), name);
      changed(ctx, req.profile);
      req.echo();
    }),
    // `unblock`: take the target off it.
    handler("shirakumo:unblock", { registered: why }, (ctx, req) => {
      const key = nameKey(req.update.target);
      blocks.get(req.profile).delete(key);
      kept.drop(ctx.store, req.profile.key, key);
      changed(ctx, req.profile);
      req.echo();
    }),
    // `blocked`: the list, in `target`.
    handler("shirakumo:blocked", { registered: why }, (_ctx, req) => {
      req.echo({ target: [...blocks.get(req.profile).values()] });
    }),
  ],
  load(ctx) {
    for (const { owner, key, value } of kept.all(ctx.store)) {
      const profile = ctx.profiles.get(owner);
      if (!profile) continue;
      blocks.get(profile).set(key, value);
      changed(ctx, profile);
    }
  },
  recipients(ctx, channel, from, ids) {
    const who = blockers.peek(ctx);
    if (!who?.size) return ids;
    const key = nameKey(from);
    let blocked: Set<number> | undefined;
    for (const u of channel.users) {
      // Users always see their own updates, even ones who blocked themselves.
      if (u.key === key) continue;
      const p = ctx.profiles.get(u.key);
      if (!p || !who.has(p) || !blocks.get(p).has(key)) continue;
      blocked ??= new Set();
      for (const c of u.connections) blocked.add(c.id);
    }
    return blocked ? ids.filter((id) => !blocked.has(id)) : ids;
  },
  profileGone: (ctx, profile) => void blockers.peek(ctx)?.delete(profile),
};
