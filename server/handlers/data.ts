/**
 * `shirakumo:data` (shirakumo.mess §2): a binary payload sent to a channel.
 *
 * @module
 */
import type { Update } from "../../protocol/mod.ts";
import type { Context, Handler } from "../context.ts";
import type { Channel, Connection } from "../state/model.ts";
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
  // shirakumo-link (§12) instead of step 3: the payload stored, a link sent.
  if (ctx.links) return sendAsLink(ctx, conn, u, channel);
  // Step 3.
  relay(ctx, conn, u, channel);
};

/** §12 steps 1–4: keep the payload, send a message with its URL, drop the data. */
function sendAsLink(ctx: Context, conn: Connection, u: Update, channel: Channel): void {
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(u.payload as string), (c) => c.charCodeAt(0));
  } catch {
    return ctx.fail(conn, u, "malformed-update", "The payload is not base64.");
  }
  const type = String(u["content-type"]);
  const filename = typeof u.filename === "string" ? u.filename : undefined;
  const token = ctx.links!.put(channel.key, type, filename, bytes);
  relay(ctx, conn, {
    type: "message",
    id: u.id,
    clock: u.clock,
    from: u.from,
    channel: channel.name,
    text: ctx.options.linkUrl + token,
    "shirakumo:link": type,
  }, channel);
}
