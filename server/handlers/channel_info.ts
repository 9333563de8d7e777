/**
 * `shirakumo-channel-info` (shirakumo.mess §6): a channel's title, news,
 * topic, rules, contact and URL, read with `channel-info` and set (by the
 * registrant, by default) with `set-channel-info`.
 *
 * @module
 */
import { isSym, isSymNamed, KEYWORD, makeSym, NIL, type Update } from "../../protocol/mod.ts";
import type { Context, Handler } from "../context.ts";
import type { Connection } from "../state/model.ts";
import { isIcon } from "./icons.ts";
import { saveChannel } from "./persist.ts";

/** The keys every channel has (the keyword symbols' names), in the order `T` lists them. */
export const CHANNEL_INFO_KEYS: readonly string[] = [
  "title",
  "news",
  "topic",
  "rules",
  "contact",
  "url",
  // shirakumo-icons.
  "icon",
];

/** A fresh channel's info: every key, empty. */
export function emptyChannelInfo(): Map<string, string> {
  return new Map(CHANNEL_INFO_KEYS.map((k) => [k, ""]));
}

/** The key's name if `key` is a keyword symbol the server accepts. */
function acceptedKey(key: unknown): string | undefined {
  if (!isSym(key) || key.package !== KEYWORD) return undefined;
  return CHANNEL_INFO_KEYS.includes(key.name) ? key.name : undefined;
}

function noSuchKey(ctx: Context, conn: Connection, u: Update, key: unknown): void {
  const shown = isSym(key) ? `:${key.name}` : String(key);
  ctx.fail(conn, u, "shirakumo:no-such-channel-info", `There is no channel info ${shown}.`, {
    key: isSym(key) ? key : String(key) ? makeSym(String(key), KEYWORD) : NIL,
  });
}

/** Is `text` a value the key accepts? A URL must be empty or absolute; an icon an image. */
function wellFormed(key: string, text: string): boolean {
  if (key === "url") return text === "" || URL.canParse(text);
  if (key === "icon") return isIcon(text);
  return true;
}

/** `channel-info`: one `set-channel-info` reply per key, or a failure per unknown key. */
export const channelInfo: Handler = (ctx, conn, u) => {
  const channel = ctx.findChannel(u.channel as string)!;
  // T: every key; NIL (or anything but a list): none.
  const keys = isSymNamed(u.keys, "t")
    ? CHANNEL_INFO_KEYS.map((k) => makeSym(k, KEYWORD))
    : Array.isArray(u.keys)
    ? u.keys
    : [];
  for (const key of keys) {
    const name = acceptedKey(key);
    if (name === undefined) {
      noSuchKey(ctx, conn, u, key);
      continue;
    }
    ctx.send({
      type: "shirakumo:set-channel-info",
      id: u.id,
      clock: ctx.now(),
      from: ctx.serverUser.name,
      channel: channel.name,
      key: makeSym(name, KEYWORD),
      text: channel.info.get(name) ?? "",
    }, [conn]);
  }
};

/** `set-channel-info`: check the key and the value, keep it, tell the channel. */
export const setChannelInfo: Handler = (ctx, conn, u) => {
  const channel = ctx.findChannel(u.channel as string)!;
  // Step 1.
  const name = acceptedKey(u.key);
  if (name === undefined) return noSuchKey(ctx, conn, u, u.key);
  // Step 2.
  const text = u.text as string;
  if (!wellFormed(name, text)) {
    return ctx.fail(
      conn,
      u,
      "shirakumo:malformed-channel-info",
      name === "icon"
        ? "An icon is an image content type, a space, and the image in base64."
        : `The channel info :${name} must be an absolute URL or empty.`,
    );
  }
  // Steps 3–4.
  channel.info.set(name, text);
  saveChannel(ctx, channel);
  ctx.sendToChannel(u, channel);
};
