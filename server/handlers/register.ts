/**
 * `register` (spec §5.2): create a profile or change its password.
 *
 * @module
 */
import { isValidPassword, nameKey } from "../../protocol/mod.ts";
import type { Handler } from "../context.ts";
import { hashPassword } from "../passwords.ts";
import { validOtpKey } from "../otp.ts";
import { saveProfile } from "./persist.ts";

/** Handle `register`. */
export const register: Handler = (ctx, conn, u) => {
  const user = conn.user!;
  const password = u.password;
  // Step 1.
  if (!isValidPassword(password)) {
    return ctx.fail(conn, u, "registration-rejected", "A password needs at least 6 characters.");
  }
  if (user === ctx.serverUser) {
    return ctx.fail(conn, u, "registration-rejected", "The server's user cannot be registered.");
  }
  // shirakumo-otp: a key is checked before anything changes.
  const otpKey = u["shirakumo:otp-key"];
  if (typeof otpKey === "string" && otpKey !== "" && !validOtpKey(otpKey)) {
    return ctx.fail(
      conn,
      u,
      "shirakumo:invalid-otp-key",
      "An otp-key is a base32 TOTP secret of at least 80 bits.",
    );
  }
  ctx.later(hashPassword(password, ctx.options.salt, ctx.options.hashIterations), (hash) => {
    if (hash instanceof Error) {
      ctx.log.error("Hashing failed: {error}", { error: hash });
      return ctx.fail(conn, u, "registration-rejected", "The server could not store the password.");
    }
    const key = nameKey(user.name);
    const now = ctx.now();
    // Steps 2–4: create or update; lastSeen starts the lifetime.
    const existing = ctx.profiles.get(key);
    const profile = existing ?? { name: user.name, key, hash, registeredOn: now, lastSeen: now };
    profile.hash = hash;
    profile.lastSeen = now;
    // shirakumo-otp: an empty key turns one-time passwords off.
    if (typeof otpKey === "string") profile.otpKey = otpKey === "" ? undefined : otpKey;
    ctx.profiles.set(key, profile);
    saveProfile(ctx, profile);
    // Step 5.
    if (ctx.connections.has(conn.id)) ctx.send(u, [conn]);
  });
};
