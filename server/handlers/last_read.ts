/**
 * `shirakumo-last-read` (shirakumo.mess §22): which message a registered
 * user last read in each channel, shared by all of the user's connections.
 * The marks live while the server runs; they are not stored.
 *
 * @module
 */
import type { Id, Update } from "../../protocol/mod.ts";
import type { Context, Handler } from "../context.ts";
import type { Channel } from "../state/model.ts";
import { senderProfile } from "./profile.ts";

/**
 * The step §22 adds to entering a channel: a registered user's mark starts
 * at the `join` that brought the user in, if there is none yet.
 */
export function markEntry(ctx: Context, join: Update, channel: Channel): void {
  if (typeof join.from !== "string") return;
  const profile = ctx.profiles.get(ctx.findUser(join.from)?.key ?? "");
  if (!profile) return;
  const marks = profile.lastRead ??= new Map();
  if (!marks.has(channel.key)) marks.set(channel.key, { target: join.from, id: join.id });
}

/** Handle `last-read`: set the mark (told to every connection), or ask for it. */
export const lastRead: Handler = (ctx, conn, u) => {
  const user = conn.user!;
  const channel = ctx.findChannel(u.channel as string)!;
  // Step 1.
  const profile = senderProfile(ctx, conn, u, "keep a last-read mark");
  if (!profile) return;
  const marks = profile.lastRead ??= new Map();
  // Step 2.
  if (u["update-id"] !== undefined && typeof u.target === "string") {
    marks.set(channel.key, { target: u.target, id: u["update-id"] as Id });
    return ctx.sendToUser(u, user);
  }
  // Step 3.
  const mark = marks.get(channel.key);
  ctx.send(mark ? { ...u, target: mark.target, "update-id": mark.id } : u, [conn]);
};
