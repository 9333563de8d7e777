/**
 * `shirakumo-server-management` (shirakumo.mess §7): `kill`, `destroy`,
 * `ban`, `unban` and `blacklist`. By default only the primary channel's
 * registrant (the server's own user) and `--admins` may send them. A
 * banned name is refused at connect with `too-many-connections`, as the
 * spec says; the blacklist is kept in the store.
 *
 * @module
 */
import { nameKey } from "../../protocol/mod.ts";
import type { Context } from "../context.ts";
import { type Extension, handler } from "../extension.ts";
import { Kept } from "../state/kept.ts";
import type { User } from "../state/model.ts";
import { slot } from "../state/slots.ts";

const NAME = "shirakumo-server-management";
/** Each server's banned names, name key to name. */
const blacklists = slot((_: Context) => new Map<string, string>());
/** The banned names, by name key. */
const kept = new Kept<string>(NAME, "server");

/** Steps 2–3 of kill and ban: out of every channel, every connection closed. */
function remove(ctx: Context, user: User): void {
  // Closing the last connection takes the user out of every channel, with
  // a leave for each (§4.3).
  for (const c of [...user.connections]) ctx.close(c, true);
}

/** `kill`: disconnect a user. */
const kill = handler("shirakumo:kill", {}, (ctx, req) => {
  const u = req.update;
  // Step 1.
  const target = ctx.findUser(u.target);
  if (!target || target === ctx.serverUser) {
    return req.fail("no-such-user", `${u.target} is not connected.`);
  }
  remove(ctx, target);
  // Step 4 (nothing to send to if the sender killed itself).
  req.echo();
});

/** `destroy`: remove a channel; permitted by the primary channel's rules. */
const destroy = handler("shirakumo:destroy", { againstPrimary: true }, (ctx, req) => {
  const u = req.update;
  // Step 2.
  const channel = ctx.findChannel(u.channel);
  if (!channel) return req.fail("no-such-channel", `There is no channel ${u.channel}.`);
  if (channel === ctx.primary) {
    return req.fail("insufficient-permissions", "The primary channel cannot be destroyed.");
  }
  // Step 3: each member is told it left.
  for (const user of [...channel.users]) {
    ctx.sendToUser(ctx.make("leave", { from: user.name, channel: channel.name }), user);
  }
  // Step 4.
  ctx.removeChannel(channel);
  // Step 5.
  req.echo();
});

/** `ban`: blacklist a name and remove its user. */
const ban = handler("shirakumo:ban", {}, (ctx, req) => {
  const u = req.update;
  const name = ctx.findUser(u.target)?.name ?? u.target;
  if (nameKey(name) === ctx.serverUser.key) {
    return req.fail("no-such-user", "The server cannot be banned.");
  }
  // Step 1.
  blacklists.get(ctx).set(nameKey(name), name);
  kept.put(ctx.store, "", nameKey(name), name);
  // Steps 2–3.
  const target = ctx.findUser(name);
  if (target) remove(ctx, target);
  // Step 4.
  req.echo();
});

/** `unban`: take a name off the blacklist. */
const unban = handler("shirakumo:unban", {}, (ctx, req) => {
  const key = nameKey(req.update.target);
  blacklists.get(ctx).delete(key);
  kept.drop(ctx.store, "", key);
  req.echo();
});

/** `blacklist`: the blacklisted names, in `target`. */
const blacklist = handler("shirakumo:blacklist", {}, (ctx, req) => {
  req.echo({ target: [...blacklists.get(ctx).values()] });
});

/** The extension. */
export const MANAGEMENT: Extension = {
  name: NAME,
  handlers: [kill, destroy, ban, unban, blacklist],
  rules: {
    primary: {
      "shirakumo:kill": "registrant",
      "shirakumo:destroy": "registrant",
      "shirakumo:ban": "registrant",
      "shirakumo:unban": "registrant",
      "shirakumo:blacklist": "registrant",
    },
  },
  load(ctx) {
    const list = blacklists.get(ctx);
    for (const { key, value } of kept.all(ctx.store)) list.set(key, value);
  },
  // §7: the step after §4.1 step 4 (the spec's choice of failure).
  admit: (ctx, name, key) =>
    blacklists.get(ctx).has(key)
      ? { failure: "too-many-connections", text: `${name} is banned from this server.` }
      : undefined,
  // §5.1 step 7: a banned name is one the server knows (so that an unban reaches it).
  knows: (ctx, key) => blacklists.get(ctx).has(key),
};
