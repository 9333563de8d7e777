/**
 * Connection upkeep (spec §4.2) and expiry (§2.3, §2.4), run by the actor
 * once a second.
 *
 * @module
 */
import type { Context } from "./context.ts";

const DAY = 24 * 60 * 60;

/**
 * Ping connections silent for `--ping-interval`, drop those silent for
 * `--idle-timeout` with `connection-unstable`, and drop connections that did
 * not complete their handshake within `--handshake-timeout`. Then expire
 * unused profiles and empty regular channels.
 */
export function sweep(ctx: Context, nowMs: number): void {
  const o = ctx.options;
  for (const conn of [...ctx.connections.values()]) {
    const silent = nowMs - conn.lastUpdate;
    if (!conn.user) {
      if (!conn.connecting && silent >= o.handshakeTimeout * 1000) {
        ctx.close(conn, false, "handshake-timeout");
      }
    } else if (silent >= o.idleTimeout * 1000 && conn.pinged) {
      // Only a connection that left a ping unanswered is dropped: ticks are a
      // second apart, so one that answered the last ping may look silent for
      // a moment longer than it was.
      ctx.fail(
        conn,
        undefined,
        "connection-unstable",
        `Nothing was heard from you for ${o.idleTimeout} seconds.`,
      );
      ctx.close(conn, true);
    } else if (silent >= o.pingInterval * 1000 && !conn.pinged) {
      conn.pinged = true;
      ctx.send(ctx.make("ping", {}), [conn]);
    }
  }
  const now = ctx.now();
  for (const p of [...ctx.profiles.values()]) {
    if (!ctx.users.has(p.key) && now - p.lastSeen > o.profileLifetime * DAY) ctx.removeProfile(p);
  }
  for (const ch of [...ctx.channels.values()]) {
    if (ch.kind !== "regular" || ch.emptySince === undefined) continue;
    if (now - ch.emptySince > o.channelLifetime * DAY) ctx.removeChannel(ch);
  }
}
