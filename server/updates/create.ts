/**
 * `create` (spec §5.3.1): make a regular or anonymous channel.
 *
 * @module
 */
import { nameKey } from "../../protocol/mod.ts";
import type { Context } from "../context.ts";
import { handler } from "../extension.ts";
import { lookalikeChannel, noteChannel } from "../lookalike.ts";
import { randomToken } from "../tokens.ts";

/** A random anonymous channel name no channel has: `@` and 128 random bits. */
export function anonymousName(ctx: Context): string {
  for (;;) {
    const name = "@" + randomToken(ctx, 12);
    if (!ctx.channels.has(nameKey(name))) return name;
  }
}

/**
 * Handle `create`; step 1 (permission on the primary channel, or what an
 * extension names, such as a nested channel's parent) already ran.
 */
export const create = handler("create", {}, (ctx, req) => {
  const { user, update: u } = req;
  const wanted = u.channel;
  // Step 2.
  if (typeof wanted === "string" && ctx.findChannel(wanted)) {
    return req.fail("channelname-taken", `The channel ${wanted} exists already.`);
  }
  const like = typeof wanted === "string" ? lookalikeChannel(ctx, wanted) : undefined;
  if (like !== undefined) {
    return req.fail("channelname-taken", `The channel ${wanted} looks like ${like}, which exists.`);
  }
  // Step 3.
  if (user.channels.size >= ctx.options.maxChannelsPerUser) {
    return req.fail(
      "too-many-channels",
      `You are in ${user.channels.size} channels, the most allowed.`,
    );
  }
  // Step 4.
  const channel = typeof wanted === "string"
    ? ctx.createChannel(wanted, "regular", user.name)
    : ctx.createChannel(anonymousName(ctx), "anonymous", user.name);
  noteChannel(ctx, channel.key, channel.name);
  // Steps 5–6.
  ctx.addToChannel(user, channel);
  const join = ctx.make("join", { id: u.id, from: user.name, channel: channel.name });
  ctx.sendToUser(join, user);
  ctx.entered(user, channel, join);
});
