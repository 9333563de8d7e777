/**
 * Channel interaction (spec §5.4): `join`, `leave`, `pull`, `kick`, `message`.
 *
 * @module
 */
import { handler } from "../extension.ts";

/** `join` (§5.4.1). */
export const join = handler("join", {}, (ctx, req) => {
  const { user, channel } = req;
  if (channel.users.has(user)) {
    return req.fail("already-in-channel", `You are in ${channel.name} already.`);
  }
  if (user.channels.size >= ctx.options.maxChannelsPerUser) {
    return req.fail(
      "too-many-channels",
      `You are in ${user.channels.size} channels, the most allowed.`,
    );
  }
  ctx.addToChannel(user, channel);
  ctx.sendToChannel(req.update, channel);
  ctx.entered(user, channel, req.update);
});

/** `leave` (§5.4.2): the leave goes out before the user is removed. */
export const leave = handler("leave", { member: true }, (ctx, req) => {
  ctx.sendToChannel(req.update, req.channel);
  ctx.removeFromChannel(req.user, req.channel);
});

/** `pull` (§5.4.3). */
export const pull = handler("pull", { member: true }, (ctx, req) => {
  const { channel, update: u } = req;
  const target = ctx.findUser(u.target);
  if (!target || target === ctx.serverUser) {
    return req.fail("no-such-user", `${u.target} is not connected.`);
  }
  if (channel.users.has(target)) {
    return req.fail("already-in-channel", `${target.name} is in ${channel.name} already.`);
  }
  if (target.channels.size >= ctx.options.maxChannelsPerUser) {
    return req.fail("too-many-channels", `${target.name} is in too many channels.`);
  }
  ctx.addToChannel(target, channel);
  const join = ctx.make("join", { id: u.id, from: target.name, channel: channel.name });
  ctx.sendToChannel(join, channel);
  ctx.entered(target, channel, join);
});

/** `kick` (§5.4.4): the kick, then a leave for the target, then removal. */
export const kick = handler("kick", { member: true }, (ctx, req) => {
  const { channel, update: u } = req;
  const target = ctx.findUser(u.target);
  if (!target || !channel.users.has(target)) {
    return req.fail("not-in-channel", `${u.target} is not in ${channel.name}.`);
  }
  // The server's own user keeps its place (the primary channel needs it).
  if (target === ctx.serverUser) {
    return req.fail("insufficient-permissions", "The server's own user cannot be kicked.");
  }
  ctx.sendToChannel(u, channel);
  ctx.sendToChannel(ctx.make("leave", { from: target.name, channel: channel.name }), channel);
  ctx.removeFromChannel(target, channel);
});

/** `message` (§5.4.5): chatter, relayed as it came. */
export const message = handler(
  "message",
  { member: true, chatter: true },
  (ctx, req) => ctx.relay(req),
);
