/**
 * `shirakumo-user-info` (shirakumo.mess §14): a registered user's birthday,
 * contact, location, public key, real name, status and (shirakumo-icons)
 * icon, set with `set-user-info` and shown in `user-info` replies; kept in
 * the store with the profile.
 *
 * @module
 */
import { isSym, KEYWORD, makeSym, NIL, type Value } from "../../protocol/mod.ts";
import { type Extension, handler } from "../extension.ts";
import { Kept } from "../state/kept.ts";
import type { Profile } from "../state/model.ts";
import { slot } from "../state/slots.ts";
import { isIcon } from "./icons.ts";

/** The keys every profile may hold (the keyword symbols' names). */
export const USER_INFO_KEYS: readonly string[] = [
  "birthday",
  "contact",
  "location",
  "public-key",
  "real-name",
  "status",
  // shirakumo-icons.
  "icon",
];

const NAME = "shirakumo-user-info";
/** Each profile's info by key name. */
const infos = slot((_: Profile) => new Map<string, string>());
const kept = new Kept<string>(NAME, "profile");

/** The key's name, from a keyword symbol or (as the definitions have it) a string. */
function keyName(key: unknown): string | undefined {
  if (isSym(key)) return key.package === KEYWORD ? key.name : undefined;
  return typeof key === "string" ? key.replace(/^:/, "").toLowerCase() : undefined;
}

/** `set-user-info`: registered users only, known keys only, then kept and confirmed. */
const setUserInfo = handler(
  "shirakumo:set-user-info",
  { registered: "have user info" },
  (ctx, req) => {
    const u = req.update;
    // Step 2.
    const name = keyName(u.key);
    if (name === undefined || !USER_INFO_KEYS.includes(name)) {
      return req.fail(
        "shirakumo:no-such-user-info",
        `There is no user info ${String(name ?? u.key)}.`,
        // The key as a keyword; NIL when there is no name to make one of.
        { key: isSym(u.key) ? u.key : name ? makeSym(name, KEYWORD) : NIL },
      );
    }
    // Step 3: only an icon has a form to keep.
    if (name === "icon" && !isIcon(u.text)) {
      return req.fail(
        "shirakumo:malformed-user-info",
        "An icon is an image content type, a space, and the image in base64.",
      );
    }
    // Step 4.
    infos.get(req.profile).set(name, u.text);
    kept.put(ctx.store, req.profile.key, name, u.text);
    // Step 5.
    req.echo();
  },
);

/** The extension. */
export const USER_INFO: Extension = {
  name: NAME,
  handlers: [setUserInfo],
  load(ctx) {
    for (const { owner, key, value } of kept.all(ctx.store)) {
      const profile = ctx.profiles.get(owner);
      if (profile) infos.get(profile).set(key, value);
    }
  },
  // The `shirakumo:info` field of a `user-info` reply: `((:key "value") …)`, set keys only.
  userInfo(_ctx, profile) {
    const info = infos.peek(profile);
    if (!info?.size) return undefined;
    const out: Value[] = [];
    for (const k of USER_INFO_KEYS) {
      const v = info.get(k);
      if (v) out.push([makeSym(k, KEYWORD), v]);
    }
    return { "shirakumo:info": out };
  },
};
