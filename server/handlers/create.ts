/**
 * `create` (spec §5.3.1): make a regular or anonymous channel.
 *
 * @module
 */
import { nameKey } from "../../protocol/mod.ts";
import type { Context, Handler } from "../context.ts";
import { defaultRules } from "../permissions.ts";
import type { Channel } from "../state/model.ts";
import { emptyChannelInfo } from "./channel_info.ts";
import { markEntry } from "./last_read.ts";
import { saveChannel } from "./persist.ts";
import { randomToken } from "../tokens.ts";
import { defaultRoles } from "./roles.ts";

/** A random anonymous channel name no channel has: `@` and 128 random bits. */
export function anonymousName(ctx: Context): string {
  for (;;) {
    const name = "@" + randomToken(12);
    if (!ctx.channels.has(nameKey(name))) return name;
  }
}

/**
 * Handle `create`; step 1 (permission on the primary channel, or on the
 * parent of a nested one) already ran.
 */
export const create: Handler = (ctx, conn, u) => {
  const user = conn.user!;
  const wanted = typeof u.channel === "string" ? u.channel : undefined;
  // Step 2.
  if (wanted !== undefined && ctx.findChannel(wanted)) {
    return ctx.fail(conn, u, "channelname-taken", `The channel ${wanted} exists already.`);
  }
  // Step 3.
  if (user.channels.size >= ctx.options.maxChannelsPerUser) {
    return ctx.fail(
      conn,
      u,
      "too-many-channels",
      `You are in ${user.channels.size} channels, the most allowed.`,
    );
  }
  // Step 4.
  const kind = wanted === undefined ? "anonymous" : "regular";
  const name = wanted ?? anonymousName(ctx);
  const channel: Channel = {
    name,
    key: nameKey(name),
    kind,
    registrant: user.name,
    permissions: defaultRules(kind, user.name),
    users: new Set(),
    createdOn: ctx.now(),
    emptySince: undefined,
    backlog: [],
    joined: new Map(),
    pause: 0,
    lastUpdate: new Map(),
    quiet: new Map(),
    info: emptyChannelInfo(),
    emotes: new Map(),
    roles: defaultRoles(user.name),
    history: [],
  };
  ctx.channels.set(channel.key, channel);
  saveChannel(ctx, channel);
  // Steps 5–6.
  ctx.addToChannel(user, channel);
  const join = { type: "join", id: u.id, clock: ctx.now(), from: user.name, channel: name };
  ctx.sendToUser(join, user);
  markEntry(ctx, join, channel);
};
