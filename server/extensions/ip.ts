/**
 * `shirakumo-ip` (shirakumo.mess §10): banning addresses and subnets.
 * Connections from a banned address are dropped as they open; the list is
 * kept in the store; `server-info` shows each connection's address in IPv6
 * form (`shirakumo:ip`).
 *
 * A mask's 1 bits are the ones ignored (§10's `a & !m == b & !m`). The spec
 * takes a missing mask as all 1s, which would ban every address; as
 * ex-lichat does, a missing mask here is all 0s: the one address.
 *
 * @module
 */
import { makeSym } from "../../protocol/mod.ts";
import type { Context, Req } from "../context.ts";
import { type Extension, handler } from "../extension.ts";
import { formatIp, hostOf, parseIp, parseMask, sameUnder } from "../ip.ts";
import { Kept } from "../state/kept.ts";
import type { Connection } from "../state/model.ts";
import { slot } from "../state/slots.ts";

/** An address ban: the address and the bits ignored, as 128-bit numbers. */
interface IpBan {
  readonly ip: bigint;
  readonly mask: bigint;
}

const NAME = "shirakumo-ip";
/** Each server's bans. */
const bans = slot((_: Context): IpBan[] => []);
/** The bans, keyed `ip mask` (both in IPv6 form), valued `[ip, mask]`. */
const kept = new Kept<[string, string]>(NAME, "server");

function keep(ctx: Context, b: IpBan): void {
  const pair: [string, string] = [formatIp(b.ip), formatIp(b.mask)];
  kept.put(ctx.store, "", pair.join(" "), pair);
}

function unkeep(ctx: Context, b: IpBan): void {
  kept.drop(ctx.store, "", `${formatIp(b.ip)} ${formatIp(b.mask)}`);
}

/** Is the connection's address on the blacklist? */
function banned(ctx: Context, conn: Connection): boolean {
  const list = bans.peek(ctx);
  if (!list?.length) return false;
  const ip = parseIp(hostOf(conn.address));
  return ip !== undefined && list.some((b) => sameUnder(b.ip, ip, b.mask));
}

/** The ban an update names, or a bad-ip-format answer. */
function banOf(req: Req<"shirakumo:ip-ban" | "shirakumo:ip-unban">): IpBan | undefined {
  const u = req.update;
  const ip = parseIp(u.ip);
  const mask = u.mask === undefined ? 0n : parseMask(u.mask);
  if (ip === undefined || mask === undefined) {
    req.fail("shirakumo:bad-ip-format", "The ip and mask must be IPv4 or IPv6 addresses.");
    return undefined;
  }
  return { ip, mask };
}

/** `ip-ban`: blacklist an address (under a mask), and drop its connections. */
const ipBan = handler("shirakumo:ip-ban", {}, (ctx, req) => {
  // Step 1.
  const ban = banOf(req);
  if (!ban) return;
  const list = bans.get(ctx);
  // Step 2: a more general ban that covers it makes it moot; narrower ones
  // it covers go. (Each side is matched under the wider mask, so that a
  // general ban covers the addresses in it, which §10's wording misses.)
  for (const b of [...list]) {
    if (b.mask > ban.mask && sameUnder(b.ip, ban.ip, b.mask)) return req.echo();
    if (b.mask <= ban.mask && sameUnder(b.ip, ban.ip, ban.mask)) {
      list.splice(list.indexOf(b), 1);
      unkeep(ctx, b);
    }
  }
  // Step 3.
  list.push(ban);
  keep(ctx, ban);
  // Step 4.
  for (const c of [...ctx.connections.values()]) {
    if (c !== req.conn && banned(ctx, c)) ctx.close(c, false);
  }
  // Step 5.
  req.echo();
});

/** `ip-unban`: lift the bans the address and mask cover. */
const ipUnban = handler("shirakumo:ip-unban", {}, (ctx, req) => {
  const ban = banOf(req);
  if (!ban) return;
  const list = bans.get(ctx);
  for (const b of [...list]) {
    if (!sameUnder(b.ip, ban.ip, ban.mask) || b.mask > ban.mask) continue;
    list.splice(list.indexOf(b), 1);
    unkeep(ctx, b);
  }
  req.echo();
});

/** `ip-blacklist`: the bans, as `((ip mask) …)`. */
const ipBlacklist = handler("shirakumo:ip-blacklist", {}, (ctx, req) => {
  req.echo({ target: bans.get(ctx).map((b) => [formatIp(b.ip), formatIp(b.mask)]) });
});

/** The extension. */
export const IP: Extension = {
  name: NAME,
  handlers: [ipBan, ipUnban, ipBlacklist],
  rules: {
    primary: {
      "shirakumo:ip-ban": "registrant",
      "shirakumo:ip-unban": "registrant",
      "shirakumo:ip-blacklist": "registrant",
    },
  },
  load(ctx) {
    for (const { value: [ip, mask] } of kept.all(ctx.store)) {
      const i = parseIp(ip);
      const m = parseIp(mask);
      if (i !== undefined && m !== undefined) bans.get(ctx).push({ ip: i, mask: m });
    }
  },
  // The step before all others: a banned address hears nothing.
  open: (ctx, conn) => !banned(ctx, conn),
  connectionInfo(_ctx, conn) {
    const ip = parseIp(hostOf(conn.address));
    return [makeSym("ip", "shirakumo"), ip === undefined ? conn.address : formatIp(ip)];
  },
};
