/**
 * `shirakumo-emotes` (shirakumo.mess §3): images a channel's registrant
 * names (`:name:` in messages), fetched by clients with `emotes` and set
 * with `emote`. At most `--max-emotes` per channel, each at most
 * `--max-emote-size` bytes of base64; kept in the `--database` file.
 *
 * @module
 */
import { nameKey } from "../../protocol/mod.ts";
import type { Context, Handler } from "../context.ts";
import type { Channel } from "../state/model.ts";
import { requireMember } from "./channel.ts";
import { contentTypeAllowed } from "./data.ts";
import { ICON_CONTENT_TYPES } from "./icons.ts";

/** Step 3 of `emotes`: only channels made by registered users (or the server) have emotes. */
function holdsEmotes(ctx: Context, channel: Channel): boolean {
  if (channel.kind === "anonymous") return false;
  return channel === ctx.primary || ctx.profiles.has(nameKey(channel.registrant));
}

/** Is `name` an emote of the channel or of the primary channel (for reactions)? */
export function isEmote(ctx: Context, channel: Channel, name: string): boolean {
  const key = name.toLowerCase();
  return channel.emotes.has(key) || ctx.primary.emotes.has(key);
}

/** `emotes`: send the emotes the client lacks, then the names of all. */
export const emotes: Handler = (ctx, conn, u) => {
  // Step 1.
  const channel = typeof u.channel === "string" ? ctx.findChannel(u.channel)! : ctx.primary;
  // Step 2.
  if (!requireMember(ctx, conn, u, channel, conn.user!)) return;
  // Step 3.
  if (!holdsEmotes(ctx, channel)) {
    return ctx.fail(conn, u, "insufficient-permissions", `${channel.name} has no emotes.`);
  }
  // Steps 4–5.
  const known = new Set(((u.names as string[] | undefined) ?? []).map((n) => n.toLowerCase()));
  for (const [key, e] of channel.emotes) {
    if (known.has(key)) continue;
    ctx.send({
      type: "shirakumo:emote",
      id: u.id,
      clock: ctx.now(),
      from: ctx.serverUser.name,
      channel: channel.name,
      name: e.name,
      "content-type": e.contentType,
      payload: e.payload,
    }, [conn]);
  }
  // Step 6.
  ctx.send(
    { ...u, channel: channel.name, names: [...channel.emotes.values()].map((e) => e.name) },
    [
      conn,
    ],
  );
};

/** `emote`: set (or, with an empty payload, remove) an emote, and tell the channel. */
export const emote: Handler = (ctx, conn, u) => {
  const channel = ctx.findChannel(u.channel as string)!;
  // Step 1.
  if (!requireMember(ctx, conn, u, channel, conn.user!)) return;
  if (!holdsEmotes(ctx, channel)) {
    return ctx.fail(conn, u, "insufficient-permissions", `${channel.name} has no emotes.`);
  }
  const name = u.name as string;
  const key = name.toLowerCase();
  const payload = u.payload as string;
  // Step 2.
  if (!channel.emotes.has(key) && channel.emotes.size >= ctx.options.maxEmotes && payload !== "") {
    return ctx.fail(
      conn,
      u,
      "shirakumo:emote-list-full",
      `${channel.name} holds ${channel.emotes.size} emotes, the most allowed.`,
    );
  }
  // Step 3.
  const type = u["content-type"] as string;
  if (!contentTypeAllowed(type, ICON_CONTENT_TYPES)) {
    return ctx.fail(conn, u, "shirakumo:bad-content-type", `${type} is not an image type here.`, {
      "allowed-content-types": [...ICON_CONTENT_TYPES],
    });
  }
  // Step 4.
  if (payload.length > ctx.options.maxEmoteSize) {
    return ctx.fail(
      conn,
      u,
      "update-too-long",
      `An emote may have ${ctx.options.maxEmoteSize} bytes of base64, not ${payload.length}.`,
    );
  }
  // Step 5.
  if (payload === "") {
    channel.emotes.delete(key);
    ctx.store.deleteEmote(channel.key, key);
  } else {
    const e = { name, contentType: type, payload };
    channel.emotes.set(key, e);
    ctx.store.saveEmote(channel.key, e);
  }
  // Step 6.
  ctx.sendToChannel(u, channel);
};
