/**
 * `shirakumo-server-management` (shirakumo.mess §7): `kill`, `destroy`,
 * `ban`, `unban` and `blacklist`. By default only the primary channel's
 * registrant (the server's own user) and `--admins` may send them.
 *
 * @module
 */
import { nameKey } from "../../protocol/mod.ts";
import type { Context, Handler } from "../context.ts";
import type { User } from "../state/model.ts";

/** Steps 2–3 of kill and ban: out of every channel, every connection closed. */
function remove(ctx: Context, user: User): void {
  // Closing the last connection takes the user out of every channel, with
  // a leave for each (§4.3).
  for (const c of [...user.connections]) ctx.close(c, true);
}

/** `kill`: disconnect a user. */
export const kill: Handler = (ctx, conn, u) => {
  // Step 1.
  const target = ctx.findUser(u.target as string);
  if (!target || target === ctx.serverUser) {
    return ctx.fail(conn, u, "no-such-user", `${u.target} is not connected.`);
  }
  ctx.log.info("{from} killed {target}", { from: u.from, target: target.name });
  remove(ctx, target);
  // Step 4 (nothing to send to if the sender killed itself).
  ctx.send(u, [conn]);
};

/** `destroy`: remove a channel; permitted by the primary channel's rules. */
export const destroy: Handler = (ctx, conn, u) => {
  // Step 2.
  const channel = ctx.findChannel(u.channel as string);
  if (!channel) return ctx.fail(conn, u, "no-such-channel", `There is no channel ${u.channel}.`);
  if (channel === ctx.primary) {
    return ctx.fail(
      conn,
      u,
      "insufficient-permissions",
      "The primary channel cannot be destroyed.",
    );
  }
  ctx.log.info("{from} destroyed {channel}", { from: u.from, channel: channel.name });
  // Step 3: each member is told it left.
  for (const user of [...channel.users]) {
    ctx.sendToUser(ctx.make("leave", { from: user.name, channel: channel.name }), user);
  }
  // Step 4.
  for (const user of [...channel.users]) ctx.removeFromChannel(user, channel);
  ctx.channels.delete(channel.key);
  ctx.store.deleteChannel(channel.key);
  ctx.links?.dropChannel(channel.key);
  // Step 5.
  ctx.send(u, [conn]);
};

/** `ban`: blacklist a name and remove its user. */
export const ban: Handler = (ctx, conn, u) => {
  const name = ctx.findUser(u.target as string)?.name ?? (u.target as string);
  if (nameKey(name) === ctx.serverUser.key) {
    return ctx.fail(conn, u, "no-such-user", "The server cannot be banned.");
  }
  // Step 1.
  ctx.blacklist.set(nameKey(name), name);
  ctx.store.addToBlacklist(name);
  ctx.log.info("{from} banned {target}", { from: u.from, target: name });
  // Steps 2–3.
  const target = ctx.findUser(name);
  if (target) remove(ctx, target);
  // Step 4.
  ctx.send(u, [conn]);
};

/** `unban`: take a name off the blacklist. */
export const unban: Handler = (ctx, conn, u) => {
  const key = nameKey(u.target as string);
  ctx.blacklist.delete(key);
  ctx.store.removeFromBlacklist(key);
  ctx.send(u, [conn]);
};

/** `blacklist`: the blacklisted names, in `target`. */
export const blacklist: Handler = (ctx, conn, u) => {
  ctx.send({ ...u, target: [...ctx.blacklist.values()] }, [conn]);
};
