/**
 * `shirakumo-otp` (shirakumo.mess §24): a registered user may register an
 * `otp-key`; a connect with the password must then also carry the current
 * one-time password (`otp-token`). The mechanism is TOTP
 * (extensions/totp.ts); the key is kept in the store with the profile.
 *
 * @module
 */
import type { Extension } from "../extension.ts";
import { Kept } from "../state/kept.ts";
import type { Profile } from "../state/model.ts";
import { slot } from "../state/slots.ts";
import { validOtpKey, verifyTotp } from "./totp.ts";

const NAME = "shirakumo-otp";
/** Each profile's TOTP secret (base32), if it has one. */
const keys = slot((_: Profile): { key?: string } => ({}));
const kept = new Kept<string>(NAME, "profile");

/** The extension. */
export const OTP: Extension = {
  name: NAME,
  load(ctx) {
    for (const { owner, value } of kept.all(ctx.store)) {
      const profile = ctx.profiles.get(owner);
      if (profile) keys.get(profile).key = value;
    }
  },
  // A key is checked before anything of the registration happens.
  precheck(_ctx, u) {
    const key = u.type === "register" ? u["shirakumo:otp-key"] : undefined;
    if (typeof key !== "string" || key === "" || validOtpKey(key)) return undefined;
    return {
      failure: "shirakumo:invalid-otp-key",
      text: "An otp-key is a base32 TOTP secret of at least 80 bits.",
    };
  },
  // An empty key turns one-time passwords off.
  registered(ctx, profile, u) {
    const key = u["shirakumo:otp-key"];
    if (typeof key !== "string") return;
    if (key === "") {
      keys.get(profile).key = undefined;
      kept.drop(ctx.store, profile.key);
    } else {
      keys.get(profile).key = key;
      kept.put(ctx.store, profile.key, "", key);
    }
  },
  // The step after §4.1 step 7, for profiles with a key.
  verify(ctx, profile, u) {
    const key = keys.peek(profile)?.key;
    if (key === undefined) return Promise.resolve(true);
    return verifyTotp(key, u["shirakumo:otp-token"], ctx.clock.now());
  },
};
