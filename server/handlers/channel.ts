/**
 * Channel interaction (spec §5.4): `join`, `leave`, `pull`, `kick`, `message`.
 *
 * @module
 */
import type { Update } from "../../protocol/mod.ts";
import type { Context, Handler } from "../context.ts";
import type { Channel, Connection, User } from "../state/model.ts";
import { pauseNotice, relay } from "./moderation.ts";

function channelOf(ctx: Context, u: Update): Channel {
  // §5.1 step 6 ran: the channel exists.
  return ctx.findChannel(u.channel as string)!;
}

/** Answer not-in-channel unless `user` is in `channel`; true when it is. */
export function requireMember(
  ctx: Context,
  conn: Connection,
  u: Update,
  channel: Channel,
  user: User,
): boolean {
  if (channel.users.has(user)) return true;
  ctx.fail(conn, u, "not-in-channel", `${user.name} is not in ${channel.name}.`);
  return false;
}

/** `join` (§5.4.1). */
export const join: Handler = (ctx, conn, u) => {
  const user = conn.user!;
  const channel = channelOf(ctx, u);
  if (channel.users.has(user)) {
    return ctx.fail(conn, u, "already-in-channel", `You are in ${channel.name} already.`);
  }
  if (user.channels.size >= ctx.options.maxChannelsPerUser) {
    return ctx.fail(
      conn,
      u,
      "too-many-channels",
      `You are in ${user.channels.size} channels, the most allowed.`,
    );
  }
  ctx.addToChannel(user, channel);
  ctx.sendToChannel(u, channel);
  pauseNotice(ctx, user, channel);
};

/** `leave` (§5.4.2): the leave goes out before the user is removed. */
export const leave: Handler = (ctx, conn, u) => {
  const user = conn.user!;
  const channel = channelOf(ctx, u);
  if (!requireMember(ctx, conn, u, channel, user)) return;
  ctx.sendToChannel(u, channel);
  ctx.removeFromChannel(user, channel);
};

/** `pull` (§5.4.3). */
export const pull: Handler = (ctx, conn, u) => {
  const user = conn.user!;
  const channel = channelOf(ctx, u);
  if (!requireMember(ctx, conn, u, channel, user)) return;
  const target = ctx.findUser(u.target as string);
  if (!target || target === ctx.serverUser) {
    return ctx.fail(conn, u, "no-such-user", `${u.target} is not connected.`);
  }
  if (channel.users.has(target)) {
    return ctx.fail(conn, u, "already-in-channel", `${target.name} is in ${channel.name} already.`);
  }
  if (target.channels.size >= ctx.options.maxChannelsPerUser) {
    return ctx.fail(conn, u, "too-many-channels", `${target.name} is in too many channels.`);
  }
  ctx.addToChannel(target, channel);
  ctx.sendToChannel(
    { type: "join", id: u.id, clock: ctx.now(), from: target.name, channel: channel.name },
    channel,
  );
  pauseNotice(ctx, target, channel);
};

/** `kick` (§5.4.4): the kick, then a leave for the target, then removal. */
export const kick: Handler = (ctx, conn, u) => {
  const user = conn.user!;
  const channel = channelOf(ctx, u);
  if (!requireMember(ctx, conn, u, channel, user)) return;
  const target = ctx.findUser(u.target as string);
  if (!target || !channel.users.has(target)) {
    return ctx.fail(conn, u, "not-in-channel", `${u.target} is not in ${channel.name}.`);
  }
  // The server's own user keeps its place (the primary channel needs it).
  if (target === ctx.serverUser) {
    return ctx.fail(conn, u, "insufficient-permissions", "The server's own user cannot be kicked.");
  }
  ctx.sendToChannel(u, channel);
  ctx.sendToChannel(ctx.make("leave", { from: target.name, channel: channel.name }), channel);
  ctx.removeFromChannel(target, channel);
};

/** `message` (§5.4.5). */
export const message: Handler = (ctx, conn, u) => {
  const user = conn.user!;
  const channel = channelOf(ctx, u);
  if (!requireMember(ctx, conn, u, channel, user)) return;
  relay(ctx, conn, u, channel);
};
