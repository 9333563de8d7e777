/**
 * `shirakumo-user-info` (shirakumo.mess §14): a registered user's birthday,
 * contact, location, public key, real name and status, set with
 * `set-user-info` and shown in `user-info` replies.
 *
 * @module
 */
import { isSym, KEYWORD, makeSym, NIL, type Value } from "../../protocol/mod.ts";
import type { Handler } from "../context.ts";
import type { Profile } from "../state/model.ts";
import { isIcon } from "./icons.ts";
import { saveProfile } from "./persist.ts";
import { senderProfile } from "./profile.ts";

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

/** The key's name, from a keyword symbol or (as the definitions have it) a string. */
function keyName(key: unknown): string | undefined {
  if (isSym(key)) return key.package === KEYWORD ? key.name : undefined;
  return typeof key === "string" ? key.replace(/^:/, "").toLowerCase() : undefined;
}

/** The `shirakumo:info` field of a `user-info` reply: `((:key "value") …)`, set keys only. */
export function infoField(profile: Profile): Value[] {
  const out: Value[] = [];
  for (const k of USER_INFO_KEYS) {
    const v = profile.info?.get(k);
    if (v) out.push([makeSym(k, KEYWORD), v]);
  }
  return out;
}

/** `set-user-info`: registered users only, known keys only, then kept and confirmed. */
export const setUserInfo: Handler = (ctx, conn, u) => {
  // Step 1.
  const profile = senderProfile(ctx, conn, u, "have user info");
  if (!profile) return;
  // Step 2.
  const name = keyName(u.key);
  if (name === undefined || !USER_INFO_KEYS.includes(name)) {
    return ctx.fail(
      conn,
      u,
      "shirakumo:no-such-user-info",
      `There is no user info ${String(name ?? u.key)}.`,
      {
        // The key as a keyword; NIL when there is no name to make one of.
        key: isSym(u.key) ? u.key : name ? makeSym(name, KEYWORD) : NIL,
      },
    );
  }
  // Step 3: only an icon has a form to keep.
  const text = u.text as string;
  if (name === "icon" && !isIcon(text)) {
    return ctx.fail(
      conn,
      u,
      "shirakumo:malformed-user-info",
      "An icon is an image content type, a space, and the image in base64.",
    );
  }
  // Step 4.
  (profile.info ??= new Map()).set(name, text);
  saveProfile(ctx, profile);
  // Step 5.
  ctx.send(u, [conn]);
};
