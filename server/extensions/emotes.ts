/**
 * `shirakumo-emotes` (shirakumo.mess §3): images a channel's registrant
 * names (`:name:` in messages), fetched by clients with `emotes` and set
 * with `emote`. At most `--max-emotes` per channel, each at most
 * `--max-emote-size` bytes of base64; kept in the store.
 *
 * @module
 */
import { nameKey } from "../../protocol/mod.ts";
import type { Context } from "../context.ts";
import { type Extension, handler } from "../extension.ts";
import { Kept } from "../state/kept.ts";
import type { Channel } from "../state/model.ts";
import { slot } from "../state/slots.ts";
import { contentTypeAllowed } from "./data.ts";
import { ICON_CONTENT_TYPES } from "./icons.ts";

/** An emote image. */
interface Emote {
  /** The name as set. */
  readonly name: string;
  /** Its image's content type. */
  readonly contentType: string;
  /** The image, base64. */
  readonly payload: string;
}

const NAME = "shirakumo-emotes";
/** Each channel's emotes by lower-cased name. */
const emoteSets = slot((_: Channel) => new Map<string, Emote>());
const kept = new Kept<Emote>(NAME, "channel");

/** Step 3 of `emotes`: only channels made by registered users (or the server) have emotes. */
function holdsEmotes(ctx: Context, channel: Channel): boolean {
  if (channel.kind === "anonymous") return false;
  return channel === ctx.primary || ctx.profiles.has(nameKey(channel.registrant));
}

/** Is `name` an emote of the channel or of the primary channel (for reactions)? */
export function isEmote(ctx: Context, channel: Channel, name: string): boolean {
  const key = name.toLowerCase();
  return !!emoteSets.peek(channel)?.has(key) || !!emoteSets.peek(ctx.primary)?.has(key);
}

/** `emotes`: send the emotes the client lacks, then the names of all. */
const emotes = handler("shirakumo:emotes", { member: true }, (ctx, req) => {
  // Steps 1–2: the channel (the primary one when none is named), which the sender is in.
  const channel = req.channel;
  // Step 3.
  if (!holdsEmotes(ctx, channel)) {
    return req.fail("insufficient-permissions", `${channel.name} has no emotes.`);
  }
  // Steps 4–5.
  const set = emoteSets.get(channel);
  const known = new Set((req.update.names ?? []).map((n) => String(n).toLowerCase()));
  for (const [key, e] of set) {
    if (known.has(key)) continue;
    req.reply("shirakumo:emote", {
      channel: channel.name,
      name: e.name,
      "content-type": e.contentType,
      payload: e.payload,
    });
  }
  // Step 6.
  req.echo({ channel: channel.name, names: [...set.values()].map((e) => e.name) });
});

/** `emote`: set (or, with an empty payload, remove) an emote, and tell the channel. */
const emote = handler("shirakumo:emote", { member: true }, (ctx, req) => {
  const { channel, update: u } = req;
  if (!holdsEmotes(ctx, channel)) {
    return req.fail("insufficient-permissions", `${channel.name} has no emotes.`);
  }
  const set = emoteSets.get(channel);
  const key = u.name.toLowerCase();
  // Step 2.
  if (!set.has(key) && set.size >= ctx.options.maxEmotes && u.payload !== "") {
    return req.fail(
      "shirakumo:emote-list-full",
      `${channel.name} holds ${set.size} emotes, the most allowed.`,
    );
  }
  // Step 3.
  const type = u["content-type"];
  if (!contentTypeAllowed(type, ICON_CONTENT_TYPES)) {
    return req.fail("shirakumo:bad-content-type", `${type} is not an image type here.`, {
      "allowed-content-types": [...ICON_CONTENT_TYPES],
    });
  }
  // Step 4.
  if (u.payload.length > ctx.options.maxEmoteSize) {
    return req.fail(
      "update-too-long",
      `An emote may have ${ctx.options.maxEmoteSize} bytes of base64, not ${u.payload.length}.`,
    );
  }
  // Step 5.
  if (u.payload === "") {
    set.delete(key);
    kept.drop(ctx.store, channel.key, key);
  } else {
    const e = { name: u.name, contentType: type, payload: u.payload };
    set.set(key, e);
    kept.put(ctx.store, channel.key, key, e);
  }
  // Step 6.
  ctx.sendToChannel(u, channel);
});

/** The extension; `shirakumo-emote` is the name the definitions use. */
export const EMOTES: Extension = {
  name: NAME,
  aliases: ["shirakumo-emote"],
  handlers: [emotes, emote],
  rules: {
    primary: { "shirakumo:emote": "registrant" },
    channel: { "shirakumo:emote": "registrant" },
  },
  load(ctx) {
    for (const { owner, key, value } of kept.all(ctx.store)) {
      const channel = ctx.channels.get(owner);
      if (channel) emoteSets.get(channel).set(key, value);
    }
  },
};
