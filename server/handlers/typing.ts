/**
 * `shirakumo:typing` (shirakumo.mess §23): "I am typing", relayed to the channel.
 *
 * @module
 */
import type { Handler } from "../context.ts";
import { requireMember } from "./channel.ts";
import { relay } from "./moderation.ts";

/** Handle `typing`: a member's notice goes to everyone in the channel. */
export const typing: Handler = (ctx, conn, u) => {
  const channel = ctx.findChannel(u.channel as string)!;
  if (!requireMember(ctx, conn, u, channel, conn.user!)) return;
  relay(ctx, conn, u, channel);
};
