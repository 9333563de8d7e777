/**
 * `connect` (spec §4.1): the handshake that ties a connection to a user.
 *
 * @module
 */
import { isValidName, nameKey, type Update } from "../../protocol/mod.ts";
import type { Context, FailureType } from "../context.ts";
import { lookalikeUser, noteUser } from "../lookalike.ts";
import { verifyPassword } from "../passwords.ts";
import type { Connection, Profile, User } from "../state/model.ts";

/** The protocol version this server speaks. */
export const PROTOCOL_VERSION = "2.0";

/**
 * Versions a client may ask for: every 1.x and 2.0. Lichat 2.0 only added to
 * 1.x, and existing 1.x clients work unchanged.
 */
export const COMPATIBLE_VERSIONS: readonly string[] = [
  "1.0",
  "1.1",
  "1.2",
  "1.3",
  "1.4",
  "1.5",
  "2.0",
];

/** Is `v` a version this server can speak to (`1`, `1.x`, `2`, `2.0`)? */
export function isCompatibleVersion(v: string): boolean {
  return /^(1(\.\d+){0,2}|2(\.0){0,2})$/.test(v);
}

/** A random name no user or profile has (§4.1 step 3). */
export function randomName(ctx: Context): string {
  for (;;) {
    const hex = Array.from(ctx.random(4), (b) => b.toString(16).padStart(2, "0")).join("");
    const name = "Guest " + hex;
    const key = nameKey(name);
    if (!ctx.users.has(key) && !ctx.profiles.has(key)) return name;
  }
}

/** Does the connect prove the profile's further secrets (the `verify` hooks)? */
async function verified(ctx: Context, profile: Profile, u: Update): Promise<boolean> {
  for (const verify of ctx.extensions.hooks("verify")) {
    if (!await verify(ctx, profile, u)) return false;
  }
  return true;
}

/** Steps 1–14 of §4.1, for a connection not yet tied to a user. */
export function handleConnect(ctx: Context, conn: Connection, u: Update): void {
  const refuse = (type: FailureType, text: string, extra = {}) => {
    ctx.fail(conn, u, type, text, extra);
    ctx.close(conn, false);
  };
  // Step 1 ran when the connection opened (server/lifecycle.ts).
  // Step 2.
  const version = String(u.version);
  if (!isCompatibleVersion(version)) {
    return refuse("incompatible-version", `Version ${version} is not supported.`, {
      "compatible-versions": [...COMPATIBLE_VERSIONS],
    });
  }
  // Step 3.
  const name = typeof u.from === "string" ? u.from : randomName(ctx);
  // Step 4 (also checked by the parser stage, which only sees the wire form).
  if (!isValidName(name)) return refuse("bad-name", `${name} is not a valid user name.`);
  const key = nameKey(name);
  for (const admit of ctx.extensions.hooks("admit")) {
    const r = admit(ctx, name, key);
    if (r) return refuse(r.failure, r.text);
  }
  const profile = ctx.profiles.get(key);
  const password = u.password;
  if (typeof password !== "string") {
    // Step 5.
    if (ctx.users.has(key) || profile) {
      return refuse("username-taken", `The name ${name} is taken.`);
    }
    const like = lookalikeUser(ctx, name);
    if (like !== undefined) {
      return refuse("username-taken", `The name ${name} is taken: it looks like ${like}.`);
    }
    return finish(ctx, conn, u, name);
  }
  // Step 6.
  if (!profile) return refuse("no-such-profile", `No profile is registered for ${name}.`);
  // Step 7, off the actor's thread: hold this connection's updates meanwhile.
  conn.connecting = true;
  const check = verifyPassword(password, ctx.options.salt, profile.hash).then((ok) =>
    ok && verified(ctx, profile, u)
  );
  ctx.later(check, (ok) => {
    conn.connecting = false;
    if (!ctx.connections.has(conn.id)) return;
    if (ok !== true) {
      conn.held = [];
      return refuse("invalid-password", "The password (or one-time password) does not match.");
    }
    conn.authenticated = true;
    finish(ctx, conn, u, profile.name);
    const held = conn.held;
    conn.held = [];
    for (const h of held) ctx.dispatch(conn, h);
  });
}

/** Steps 8–14. */
function finish(ctx: Context, conn: Connection, u: Update, name: string): void {
  const key = nameKey(name);
  let user: User | undefined = ctx.users.get(key);
  // Step 8.
  if (user && user.connections.size >= ctx.options.maxConnectionsPerUser) {
    ctx.fail(conn, u, "too-many-connections", `${user.name} has too many connections.`);
    return ctx.close(conn, false);
  }
  // Step 9.
  const existed = user !== undefined;
  if (!user) {
    user = { name, key, connections: new Set(), channels: new Set() };
    ctx.users.set(key, user);
    noteUser(ctx, key, name);
  }
  // Step 10.
  user.connections.add(conn);
  conn.user = user;
  ctx.bound(conn);
  const profile = ctx.profiles.get(key);
  if (profile) {
    profile.lastSeen = ctx.now();
    ctx.saveProfile(profile);
  }
  // Step 11: the reply names the user as the server knows it.
  ctx.send(
    ctx.make("connect", {
      id: u.id,
      from: user.name,
      version: PROTOCOL_VERSION,
      extensions: [...ctx.extensions.announced],
    }),
    [conn],
  );
  if (existed) {
    // Step 12: primary channel first (it is always the first joined).
    for (const ch of user.channels) {
      ctx.send(ctx.make("join", { from: user.name, channel: ch.name }), [conn]);
    }
  } else {
    // Step 13.
    ctx.addToChannel(user, ctx.primary);
    const join = ctx.make("join", { from: user.name, channel: ctx.primary.name });
    ctx.sendToChannel(join, ctx.primary);
    ctx.entered(user, ctx.primary, join);
  }
  // Step 14.
  ctx.send(ctx.make("message", { channel: ctx.primary.name, text: ctx.options.motd }), [conn]);
}
