/**
 * Server information (spec §5.5): `channels`, `users`, `user-info`,
 * `capabilities`, `server-info`.
 *
 * @module
 */
import { bool, makeSym, nameKey, type Update, type Value } from "../../protocol/mod.ts";
import type { Handler } from "../context.ts";
import { requireMember } from "./channel.ts";
import { HANDLED_TYPES } from "./types.ts";
import { infoField } from "./user_info.ts";
import { ipAttribute } from "./ip.ts";

/** `channels` (§5.5.1): every channel whose rules let the asker list it. */
export const channels: Handler = (ctx, conn, u) => {
  const user = conn.user!;
  // shirakumo-channel-trees: the children of the named channel, one level
  // down; with no channel (or the primary), the top level.
  const parent = typeof u.channel === "string" ? ctx.findChannel(u.channel) : ctx.primary;
  const prefix = parent === ctx.primary ? "" : nameKey(parent!.name) + "/";
  const names: string[] = [];
  for (const ch of ctx.channels.values()) {
    if (!ch.key.startsWith(prefix) || ch.key.indexOf("/", prefix.length) >= 0) continue;
    if (ctx.permitted("channels", ch, user)) names.push(ch.name);
  }
  ctx.send({
    type: "channels",
    id: u.id,
    clock: ctx.now(),
    from: ctx.serverUser.name,
    channels: names,
    channel: typeof u.channel === "string" ? parent!.name : undefined,
  }, [conn]);
};

/** `users` (§5.5.2). */
export const users: Handler = (ctx, conn, u) => {
  const user = conn.user!;
  const channel = ctx.findChannel(u.channel as string)!;
  if (!requireMember(ctx, conn, u, channel, user)) return;
  ctx.send({
    type: "users",
    id: u.id,
    clock: ctx.now(),
    from: ctx.serverUser.name,
    channel: channel.name,
    users: [...channel.users].map((x) => x.name),
  }, [conn]);
};

/** `user-info` (§5.5.3); step 1 (no-such-user) ran in the general checks. */
export const userInfo: Handler = (ctx, conn, u) => {
  const target = ctx.findUser(u.target as string);
  const key = nameKey(u.target as string);
  const profile = ctx.profiles.get(key);
  const reply: Update = {
    type: "user-info",
    id: u.id,
    clock: ctx.now(),
    from: ctx.serverUser.name,
    target: target?.name ?? profile?.name ?? (u.target as string),
    // The server's own user has no connection but is always there.
    connections: target === ctx.serverUser ? 1 : target?.connections.size ?? 0,
    registered: bool(profile !== undefined),
  };
  // shirakumo-user-info, for registered users with info set.
  if (profile?.info?.size) reply["shirakumo:info"] = infoField(profile);
  ctx.send(reply, [conn]);
};

/** `capabilities` (§5.5.4): the update types the user may send to the channel. */
export const capabilities: Handler = (ctx, conn, u) => {
  const user = conn.user!;
  const channel = ctx.findChannel(u.channel as string)!;
  if (!requireMember(ctx, conn, u, channel, user)) return;
  const permitted: Value[] = [];
  for (const type of HANDLED_TYPES) {
    if (ctx.permitted(type, channel, user)) permitted.push(ctx.registry.get(type)!.sym);
  }
  ctx.send({
    type: "capabilities",
    id: u.id,
    clock: ctx.now(),
    from: ctx.serverUser.name,
    channel: channel.name,
    permitted,
  }, [conn]);
};

/** `server-info` (§5.5.5): `channels` and `registered-on`; per connection `connected-on`, `ip`, `transport`. */
export const serverInfo: Handler = (ctx, conn, u) => {
  const target = ctx.findUser(u.target as string);
  const profile = ctx.profiles.get(nameKey(u.target as string));
  const attributes: Value[] = [
    [makeSym("channels"), target ? [...target.channels].map((c) => c.name) : []],
    [makeSym("registered-on"), profile ? profile.registeredOn : makeSym("nil")],
  ];
  const connections: Value[] = target
    ? [...target.connections].map((c) => [
      [makeSym("connected-on"), c.connectedOn],
      [makeSym("ip"), c.address],
      [makeSym("transport"), c.transport],
      ipAttribute(c),
    ])
    : [];
  ctx.send({
    type: "server-info",
    id: u.id,
    clock: ctx.now(),
    from: ctx.serverUser.name,
    target: target?.name ?? profile?.name ?? (u.target as string),
    attributes,
    connections,
  }, [conn]);
};
