/**
 * `shirakumo-ip` (shirakumo.mess §10): banning addresses and subnets.
 * Connections from a banned address are dropped as they open
 * (StateActor#open); the list is kept in the `--database` file.
 *
 * A mask's 1 bits are the ones ignored (§10's `a & !m == b & !m`). The spec
 * takes a missing mask as all 1s, which would ban every address; as
 * ex-lichat does, a missing mask here is all 0s: the one address.
 *
 * @module
 */
import { makeSym, type Update, type Value } from "../../protocol/mod.ts";
import type { Context, Handler, IpBan } from "../context.ts";
import type { Connection } from "../state/model.ts";
import { formatIp, hostOf, parseIp, parseMask, sameUnder } from "../ip.ts";

/** Is the connection's address on the blacklist? */
export function ipBanned(ctx: Context, conn: Connection): boolean {
  const ip = parseIp(hostOf(conn.address));
  return ip !== undefined && ctx.ipBlacklist.some((b) => sameUnder(b.ip, ip, b.mask));
}

/** The `shirakumo:ip` connection attribute for server-info: the address, IPv6. */
export function ipAttribute(conn: Connection): Value[] {
  const ip = parseIp(hostOf(conn.address));
  return [makeSym("ip", "shirakumo"), ip === undefined ? conn.address : formatIp(ip)];
}

/** The ban an update names, or a bad-ip-format answer. */
function banOf(ctx: Context, conn: Connection, u: Update): IpBan | undefined {
  const ip = parseIp(u.ip as string);
  const mask = u.mask === undefined ? 0n : parseMask(u.mask as string);
  if (ip === undefined || mask === undefined) {
    ctx.fail(conn, u, "shirakumo:bad-ip-format", "The ip and mask must be IPv4 or IPv6 addresses.");
    return undefined;
  }
  return { ip, mask };
}

/** `ip-ban`: blacklist an address (under a mask), and drop its connections. */
export const ipBan: Handler = (ctx, conn, u) => {
  // Step 1.
  const ban = banOf(ctx, conn, u);
  if (!ban) return;
  // Step 2: a more general ban that covers it makes it moot; narrower ones
  // it covers go. (Each side is matched under the wider mask, so that a
  // general ban covers the addresses in it, which §10's wording misses.)
  for (const b of [...ctx.ipBlacklist]) {
    if (b.mask > ban.mask && sameUnder(b.ip, ban.ip, b.mask)) return ctx.send(u, [conn]);
    if (b.mask <= ban.mask && sameUnder(b.ip, ban.ip, ban.mask)) {
      ctx.ipBlacklist.splice(ctx.ipBlacklist.indexOf(b), 1);
      ctx.store.removeIpBan(formatIp(b.ip), formatIp(b.mask));
    }
  }
  // Step 3.
  ctx.ipBlacklist.push(ban);
  ctx.store.addIpBan(formatIp(ban.ip), formatIp(ban.mask));
  ctx.log.info("{from} banned {ip}/{mask}", { from: u.from, ip: u.ip, mask: u.mask ?? "" });
  // Step 4.
  for (const c of [...ctx.connections.values()]) {
    if (c !== conn && ipBanned(ctx, c)) ctx.close(c, false);
  }
  // Step 5.
  ctx.send(u, [conn]);
};

/** `ip-unban`: lift the bans the address and mask cover. */
export const ipUnban: Handler = (ctx, conn, u) => {
  const ban = banOf(ctx, conn, u);
  if (!ban) return;
  for (const b of [...ctx.ipBlacklist]) {
    if (!sameUnder(b.ip, ban.ip, ban.mask) || b.mask > ban.mask) continue;
    ctx.ipBlacklist.splice(ctx.ipBlacklist.indexOf(b), 1);
    ctx.store.removeIpBan(formatIp(b.ip), formatIp(b.mask));
  }
  ctx.send(u, [conn]);
};

/** `ip-blacklist`: the bans, as `((ip mask) …)`. */
export const ipBlacklist: Handler = (ctx, conn, u) => {
  const target = ctx.ipBlacklist.map((b) => [formatIp(b.ip), formatIp(b.mask)]);
  ctx.send({ ...u, target }, [conn]);
};
