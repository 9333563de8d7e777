/**
 * Channel moderation: `shirakumo-pause` (shirakumo.mess §8) and
 * `shirakumo-quiet` (§9), and {@linkcode relay}, the delivery both modify.
 *
 * The spec modifies the delivery of "any channel-update". This server
 * applies both to what users say in a channel (`message`, `edit`, `data`,
 * `typing`, `react`): the spam the extensions are for. Joins, leaves and moderation
 * updates are exempt, so that a paused or quieted user can still leave and
 * everyone's member lists stay true.
 *
 * @module
 */
import { nameKey, type Update } from "../../protocol/mod.ts";
import type { Context, Handler } from "../context.ts";
import type { Channel, Connection, User } from "../state/model.ts";

/**
 * Send what a member said to the channel: refused with `too-many-updates`
 * if the channel is paused and the user spoke too recently (§8), sent back
 * to the user alone if the user is quieted there (§9).
 */
export function relay(ctx: Context, conn: Connection, u: Update, channel: Channel): void {
  const user = conn.user!;
  if (channel.pause > 0) {
    const now = ctx.now();
    const last = channel.lastUpdate.get(user.key) ?? 0;
    if (now - last < channel.pause) {
      const wait = channel.pause - (now - last);
      return ctx.fail(
        conn,
        u,
        "too-many-updates",
        `${channel.name} is paused: one update every ${channel.pause} seconds; wait ${wait} more.`,
      );
    }
    channel.lastUpdate.set(user.key, now);
  }
  if (channel.quiet.has(user.key)) return ctx.sendToUser(u, user);
  ctx.sendToChannel(u, channel);
}

/** The step §8 adds to joining: tell a joiner of a paused channel the pause. */
export function pauseNotice(ctx: Context, user: User, channel: Channel): void {
  if (channel.pause <= 0) return;
  ctx.sendToUser(ctx.make("shirakumo:pause", { channel: channel.name, by: channel.pause }), user);
}

/** `pause` (§8): set the channel's pause, and tell the channel. */
export const pause: Handler = (ctx, _conn, u) => {
  const channel = ctx.findChannel(u.channel as string)!;
  channel.pause = Number(u.by);
  // With no pause, earlier updates no longer count.
  if (channel.pause === 0) channel.lastUpdate.clear();
  ctx.sendToChannel(u, channel);
};

/** `quiet` (§9): put the target on the channel's quiet list. */
export const quiet: Handler = (ctx, conn, u) => {
  const channel = ctx.findChannel(u.channel as string)!;
  const target = u.target as string;
  channel.quiet.set(nameKey(target), ctx.findUser(target)?.name ?? target);
  ctx.send(u, [conn]);
};

/** `unquiet` (§9): take the target off the channel's quiet list. */
export const unquiet: Handler = (ctx, conn, u) => {
  const channel = ctx.findChannel(u.channel as string)!;
  channel.quiet.delete(nameKey(u.target as string));
  ctx.send(u, [conn]);
};

/** `quieted` (§9): the channel's quiet list, in `target`. */
export const quieted: Handler = (ctx, conn, u) => {
  const channel = ctx.findChannel(u.channel as string)!;
  ctx.send({ ...u, target: [...channel.quiet.values()] }, [conn]);
};
