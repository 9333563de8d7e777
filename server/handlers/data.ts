/**
 * `shirakumo:data` (shirakumo.mess §2): a binary payload sent to a channel.
 *
 * @module
 */
import type { Handler } from "../context.ts";
import { requireMember } from "./channel.ts";
import { relay } from "./moderation.ts";

/** Does the content type match one of the allowed patterns (`image/*`, `text/plain`)? */
export function contentTypeAllowed(type: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const t = type.toLowerCase().split(";")[0].trim();
  return allowed.some((a) => {
    const p = a.toLowerCase();
    return p.endsWith("/*") ? t.startsWith(p.slice(0, -1)) : t === p;
  });
}

/** Handle `data`: member check, content type check, then distribution. */
export const data: Handler = (ctx, conn, u) => {
  const user = conn.user!;
  const channel = ctx.findChannel(u.channel as string)!;
  // Step 1.
  if (!requireMember(ctx, conn, u, channel, user)) return;
  // Step 2.
  const allowed = ctx.options.dataContentTypes;
  if (!contentTypeAllowed(String(u["content-type"]), allowed)) {
    return ctx.fail(
      conn,
      u,
      "shirakumo:bad-content-type",
      `${u["content-type"]} is not accepted here.`,
      {
        "allowed-content-types": [...allowed],
      },
    );
  }
  // Step 3.
  relay(ctx, conn, u, channel);
};
