/**
 * `shirakumo-channel-info` (shirakumo.mess §6): a channel's title, news,
 * topic, rules, contact, URL and (shirakumo-icons) icon, read with
 * `channel-info` and set (by the registrant, by default) with
 * `set-channel-info`; kept in the store with the channel.
 *
 * @module
 */
import { isSym, isSymNamed, KEYWORD, makeSym, NIL, type Value } from "../../protocol/mod.ts";
import type { AnyReq } from "../context.ts";
import { type Extension, handler } from "../extension.ts";
import { Kept } from "../state/kept.ts";
import type { Channel } from "../state/model.ts";
import { slot } from "../state/slots.ts";
import { isIcon } from "./icons.ts";

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

const NAME = "shirakumo-channel-info";
/** Each channel's info: every key, empty until set. */
const infos = slot((_: Channel) => new Map(CHANNEL_INFO_KEYS.map((k) => [k, ""])));
/** Set values, per channel and key. */
const kept = new Kept<string>(NAME, "channel");

/** The key's name if `key` is a keyword symbol the server accepts. */
function acceptedKey(key: unknown): string | undefined {
  if (!isSym(key) || key.package !== KEYWORD) return undefined;
  return CHANNEL_INFO_KEYS.includes(key.name) ? key.name : undefined;
}

function noSuchKey(req: AnyReq, key: Value): void {
  const shown = isSym(key) ? `:${key.name}` : String(key);
  req.fail("shirakumo:no-such-channel-info", `There is no channel info ${shown}.`, {
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
const channelInfo = handler("shirakumo:channel-info", {}, (_ctx, req) => {
  const { channel, update: u } = req;
  // T: every key; NIL (or anything but a list): none.
  const keys = isSymNamed(u.keys, "t")
    ? CHANNEL_INFO_KEYS.map((k) => makeSym(k, KEYWORD))
    : Array.isArray(u.keys)
    ? u.keys
    : [];
  for (const key of keys) {
    const name = acceptedKey(key);
    if (name === undefined) {
      noSuchKey(req, key);
      continue;
    }
    req.reply("shirakumo:set-channel-info", {
      channel: channel.name,
      key: makeSym(name, KEYWORD),
      text: infos.get(channel).get(name) ?? "",
    });
  }
});

/** `set-channel-info`: check the key and the value, keep it, tell the channel. */
const setChannelInfo = handler("shirakumo:set-channel-info", {}, (ctx, req) => {
  const { channel, update: u } = req;
  // Step 1.
  const name = acceptedKey(u.key);
  if (name === undefined) return noSuchKey(req, u.key);
  // Step 2.
  if (!wellFormed(name, u.text)) {
    return req.fail(
      "shirakumo:malformed-channel-info",
      name === "icon"
        ? "An icon is an image content type, a space, and the image in base64."
        : `The channel info :${name} must be an absolute URL or empty.`,
    );
  }
  // Steps 3–4.
  infos.get(channel).set(name, u.text);
  if (channel.kind !== "anonymous") {
    if (u.text === "") kept.drop(ctx.store, channel.key, name);
    else kept.put(ctx.store, channel.key, name, u.text);
  }
  ctx.sendToChannel(u, channel);
});

/** The extension. */
export const CHANNEL_INFO: Extension = {
  name: NAME,
  handlers: [channelInfo, setChannelInfo],
  rules: {
    primary: { "shirakumo:set-channel-info": "registrant" },
    channel: { "shirakumo:set-channel-info": "registrant" },
  },
  load(ctx) {
    for (const { owner, key, value } of kept.all(ctx.store)) {
      const channel = ctx.channels.get(owner);
      if (channel && CHANNEL_INFO_KEYS.includes(key)) infos.get(channel).set(key, value);
    }
  },
};
