/**
 * `shirakumo:backfill` (shirakumo.mess §1): the channel's recent updates
 * since the user last joined, then the request itself to mark the end.
 *
 * @module
 */
import { sameName } from "../../protocol/mod.ts";
import type { Handler } from "../context.ts";
import { requireMember } from "./channel.ts";

/** Handle `backfill`. */
export const backfill: Handler = (ctx, conn, u) => {
  const user = conn.user!;
  const channel = ctx.findChannel(u.channel as string)!;
  // Step 1.
  if (!requireMember(ctx, conn, u, channel, user)) return;
  // Step 2: nothing from before the user's last join (no spying), nothing
  // older than `since`, and not the user's own joining.
  const joinedAt = channel.joined.get(user) ?? Infinity;
  const since = u.since === undefined ? -Infinity : Number(u.since);
  const entries = channel.backlog
    .filter((e) => e.seq > joinedAt && Number(e.update.clock ?? 0) >= since)
    .filter(({ update: x }) =>
      !(x.type === "join" && typeof x.from === "string" && sameName(x.from, user.name))
    );
  for (const e of entries) ctx.send(e.update, [conn], e.bytes);
  // Step 3.
  ctx.send(u, [conn]);
};
