/**
 * `register` (spec §5.2): create a profile or change its password.
 *
 * @module
 */
import { isValidPassword, nameKey } from "../../protocol/mod.ts";
import { handler } from "../extension.ts";
import { hashPassword } from "../passwords.ts";

/** Handle `register`. */
export const register = handler("register", {}, (ctx, req) => {
  const { user, update: u } = req;
  const password = u.password;
  // Step 1.
  if (!isValidPassword(password)) {
    return req.fail("registration-rejected", "A password needs at least 6 characters.");
  }
  if (user === ctx.serverUser) {
    return req.fail("registration-rejected", "The server's user cannot be registered.");
  }
  ctx.later(hashPassword(password, ctx.options.salt, ctx.options.hashIterations), (hash) => {
    if (hash instanceof Error) {
      ctx.log.error("Hashing failed: {error}", { error: hash });
      return req.fail("registration-rejected", "The server could not store the password.");
    }
    const key = nameKey(user.name);
    const now = ctx.now();
    // Steps 2–4: create or update; lastSeen starts the lifetime.
    const profile = ctx.profiles.get(key) ??
      { name: user.name, key, hash, registeredOn: now, lastSeen: now };
    profile.hash = hash;
    profile.lastSeen = now;
    ctx.profiles.set(key, profile);
    ctx.saveProfile(profile);
    for (const registered of ctx.extensions.hooks("registered")) registered(ctx, profile, u);
    // Step 5.
    if (ctx.connections.has(req.conn.id)) req.echo();
  });
});
