/**
 * A connection's start and end as the state sees them: §4.1 step 1 (and
 * the `open` hooks) when a transport accepts one, §4.3 steps 3–4 when it
 * goes.
 *
 * @module
 */
import type { Context } from "./context.ts";
import type { Connection, Transport } from "./state/model.ts";

/** Take a new connection in; it may be refused at once (a banned address, a full server). */
export function openConnection(
  ctx: Context,
  { id, transport, address }: { id: number; transport: Transport; address: string },
): void {
  const conn: Connection = {
    id,
    transport,
    address,
    connectedOn: ctx.now(),
    user: undefined,
    authenticated: false,
    connecting: false,
    held: [],
    lastUpdate: ctx.clock.now(),
    pinged: false,
  };
  ctx.connections.set(id, conn);
  for (const open of ctx.extensions.hooks("open")) {
    if (!open(ctx, conn)) return ctx.close(conn, false);
  }
  // §4.1 step 1, checked as early as possible so idle sockets count too.
  if (ctx.connections.size > ctx.options.connectionLimit) {
    ctx.fail(conn, undefined, "too-many-connections", "The server is full; try again later.");
    ctx.close(conn, false);
  }
}

/**
 * §4.3 steps 3–4 for a connection that is gone: out of its user's
 * connections, and when it was the last, the user leaves every channel.
 */
export function closeConnection(ctx: Context, conn: Connection): void {
  conn.held = [];
  const user = conn.user;
  if (!user) return;
  // Step 3.
  user.connections.delete(conn);
  const profile = ctx.profiles.get(user.key);
  if (profile) {
    profile.lastSeen = ctx.now();
    ctx.saveProfile(profile);
  }
  if (user.connections.size > 0) return;
  // Step 4: the last connection went, so the user leaves every channel.
  for (const ch of [...user.channels]) {
    ctx.sendToChannel(ctx.make("leave", { from: user.name, channel: ch.name }), ch);
    ctx.removeFromChannel(user, ch);
  }
  ctx.users.delete(user.key);
}
