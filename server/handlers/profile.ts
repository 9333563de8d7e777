/**
 * The first step several extensions share: the sender must be registered.
 *
 * @module
 */
import type { Update } from "../../protocol/mod.ts";
import type { Context } from "../context.ts";
import type { Connection, Profile } from "../state/model.ts";

/**
 * The sender's profile, or undefined after answering `no-such-profile`
 * ("Only registered users …" and `what`).
 */
export function senderProfile(
  ctx: Context,
  conn: Connection,
  u: Update,
  what: string,
): Profile | undefined {
  const profile = ctx.profiles.get(conn.user!.key);
  if (!profile) ctx.fail(conn, u, "no-such-profile", `Only registered users ${what}.`);
  return profile;
}
