/**
 * Server information (spec §5.5): `channels`, `users`, `user-info`,
 * `capabilities`, `server-info`.
 *
 * @module
 */
import { bool, makeSym, nameKey, type Sym, type Value } from "../../protocol/mod.ts";
import type { Context } from "../context.ts";
import { handler } from "../extension.ts";
import type { Channel, User } from "../state/model.ts";

/** The channels of `among` that `user` may list (the `channels` rule of each). */
export function listable(ctx: Context, user: User, among: Iterable<Channel>): string[] {
  const names: string[] = [];
  for (const ch of among) if (ctx.permitted("channels", ch, user)) names.push(ch.name);
  return names;
}

/** `channels` (§5.5.1): every channel whose rules let the asker list it. */
export const channels = handler("channels", {}, (ctx, req) => {
  req.reply("channels", { channels: listable(ctx, req.user, ctx.channels.values()) });
});

/** `users` (§5.5.2). */
export const users = handler("users", { member: true }, (_ctx, req) => {
  const { channel } = req;
  req.reply("users", { channel: channel.name, users: [...channel.users].map((x) => x.name) });
});

/** `user-info` (§5.5.3); step 1 (no-such-user) ran in the general checks. */
export const userInfo = handler("user-info", {}, (ctx, req) => {
  const u = req.update;
  const target = ctx.findUser(u.target);
  const profile = ctx.profiles.get(nameKey(u.target));
  const extra: Record<string, Value> = {};
  if (profile) {
    for (const info of ctx.extensions.hooks("userInfo")) Object.assign(extra, info(ctx, profile));
  }
  req.reply("user-info", {
    target: target?.name ?? profile?.name ?? u.target,
    // The server's own user has no connection but is always there.
    connections: target === ctx.serverUser ? 1 : target?.connections.size ?? 0,
    registered: bool(profile !== undefined),
    ...extra,
  });
});

/** `capabilities` (§5.5.4): the update types the user may send to the channel. */
export const capabilities = handler("capabilities", { member: true }, (ctx, req) => {
  const { user, channel } = req;
  const permitted: Sym[] = [];
  for (const type of ctx.extensions.handledTypes) {
    if (ctx.permitted(type, channel, user)) permitted.push(ctx.registry.get(type)!.sym);
  }
  req.reply("capabilities", { channel: channel.name, permitted });
});

/** `server-info` (§5.5.5): `channels` and `registered-on`; per connection `connected-on`, `ip`, `transport`. */
export const serverInfo = handler("server-info", {}, (ctx, req) => {
  const u = req.update;
  const target = ctx.findUser(u.target);
  const profile = ctx.profiles.get(nameKey(u.target));
  const attributes: Value[][] = [
    [makeSym("channels"), target ? [...target.channels].map((c) => c.name) : []],
    [makeSym("registered-on"), profile ? profile.registeredOn : makeSym("nil")],
  ];
  const hooks = ctx.extensions.hooks("connectionInfo");
  const connections: Value[][][] = target
    ? [...target.connections].map((c) => [
      [makeSym("connected-on"), c.connectedOn],
      [makeSym("ip"), c.address],
      [makeSym("transport"), c.transport],
      ...hooks.map((info) => info(ctx, c)).filter((a) => a !== undefined),
    ])
    : [];
  req.reply("server-info", {
    target: target?.name ?? profile?.name ?? u.target,
    attributes,
    connections,
  });
});
