/**
 * `shirakumo-pause` (shirakumo.mess §8): the registrant sets a channel's
 * pause, the seconds a user must wait between updates; a joiner is told.
 *
 * The spec modifies the delivery of "any channel-update". This server
 * applies it to chatter (what users say: message, edit, data, typing,
 * react), the spam the extension is for; joins, leaves and moderation are
 * exempt, so that a paused user can still leave and member lists stay true.
 * A pause is kept in the store (but an anonymous channel's, which ends
 * with its last user).
 *
 * @module
 */
import type { Context } from "../context.ts";
import { type Extension, handler } from "../extension.ts";
import { Kept } from "../state/kept.ts";
import type { Channel, User } from "../state/model.ts";
import { slot } from "../state/slots.ts";

/** A channel's pause in seconds (0: none), and each user's last update there by name key. */
const pauses = slot((_: Channel) => ({ seconds: 0, last: new Map<string, number>() }));
/** The seconds, kept per channel key. */
const kept = new Kept<number>("shirakumo-pause", "channel");

/** Tell `user`, who just entered `channel`, of its pause (the step §8 adds to joining). */
function notice(ctx: Context, user: User, channel: Channel): void {
  const p = pauses.peek(channel);
  if (!p || p.seconds <= 0) return;
  ctx.sendToUser(ctx.make("shirakumo:pause", { channel: channel.name, by: p.seconds }), user);
}

/** `pause`: set the channel's pause, and tell the channel. */
const pause = handler("shirakumo:pause", {}, (ctx, req) => {
  const p = pauses.get(req.channel);
  p.seconds = Number(req.update.by);
  // With no pause, earlier updates no longer count.
  if (p.seconds === 0) p.last.clear();
  if (req.channel.kind !== "anonymous") {
    if (p.seconds === 0) kept.drop(ctx.store, req.channel.key);
    else kept.put(ctx.store, req.channel.key, "", p.seconds);
  }
  ctx.sendToChannel(req.update, req.channel);
});

/** The extension. */
export const PAUSE: Extension = {
  name: "shirakumo-pause",
  handlers: [pause],
  rules: { primary: { "shirakumo:pause": "no one" }, channel: { "shirakumo:pause": "registrant" } },
  say(ctx, req) {
    const p = pauses.peek(req.channel);
    if (!p || p.seconds <= 0) return undefined;
    const now = ctx.now();
    const last = p.last.get(req.user.key) ?? 0;
    if (now - last < p.seconds) {
      const wait = p.seconds - (now - last);
      req.fail(
        "too-many-updates",
        `${req.channel.name} is paused: one update every ${p.seconds} seconds; wait ${wait} more.`,
      );
      return { kind: "refused" };
    }
    p.last.set(req.user.key, now);
    // Each update is timed on its own: no runs here.
    return { kind: "once" };
  },
  entered: (ctx, user, channel) => notice(ctx, user, channel),
  load(ctx) {
    for (const { owner, value } of kept.all(ctx.store)) {
      const channel = ctx.channels.get(owner);
      if (channel) pauses.get(channel).seconds = value;
      else kept.drop(ctx.store, owner);
    }
  },
};
