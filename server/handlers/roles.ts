/**
 * `shirakumo-roles` (shirakumo.mess §26): named sets of members per channel
 * that grant (`T`) or deny (`NIL`) update types. A user's own entry in a
 * channel rule still decides first; then any role denying decides, then
 * any role granting; then the rule as it stands (StateActor#permitted).
 * New channels get `admin` (the creator) and `moderator` (no one).
 *
 * @module
 */
import { isSym, isSymNamed, LICHAT, nameKey, NIL, T, type Value } from "../../protocol/mod.ts";
import { symbolKey } from "../../protocol/registry.ts";
import type { Context, Handler } from "../context.ts";
import type { Channel, Connection, Role } from "../state/model.ts";
import type { Update } from "../../protocol/mod.ts";
import { requireMember } from "./channel.ts";
import { saveChannel } from "./persist.ts";

const ADMIN = [
  "kick",
  "pull",
  "shirakumo:set-channel-info",
  "shirakumo:destroy",
  "shirakumo:quiet",
  "shirakumo:unquiet",
  "shirakumo:quieted",
  "shirakumo:bridge",
  "permissions",
];
const MODERATOR = [
  "kick",
  "pull",
  "shirakumo:set-channel-info",
  "shirakumo:quiet",
  "shirakumo:unquiet",
  "shirakumo:quieted",
];

/** The roles §26 gives every new channel. */
export function defaultRoles(creator: string): Map<string, Role> {
  return new Map([
    ["admin", {
      name: "admin",
      permissions: new Map(ADMIN.map((t) => [t, true])),
      members: new Map([[nameKey(creator), creator]]),
    }],
    ["moderator", {
      name: "moderator",
      permissions: new Map(MODERATOR.map((t) => [t, true])),
      members: new Map(),
    }],
  ]);
}

/**
 * What the roles of `channel` say for `user` and `type`: false if one
 * denies, true if one grants, undefined if none speaks.
 */
export function roleVerdict(channel: Channel, userKey: string, type: string): boolean | undefined {
  let granted: boolean | undefined;
  for (const role of channel.roles.values()) {
    const p = role.permissions.get(type);
    if (p === undefined || !role.members.has(userKey)) continue;
    if (!p) return false;
    granted = true;
  }
  return granted;
}

/** The update class a permission entry's symbol names (`quiet` finds `shirakumo:quiet`). */
function typeOf(ctx: Context, v: Value): string | undefined {
  if (!isSym(v)) return undefined;
  const key = symbolKey(v, LICHAT);
  if (ctx.registry.get(key)) return key;
  const ext = "shirakumo:" + v.name;
  return v.package === LICHAT && ctx.registry.get(ext) ? ext : undefined;
}

/** A role's permissions in wire form: `((type T) (type NIL) …)`. */
function wirePermissions(ctx: Context, role: Role): Value[] {
  return [...role.permissions].map(([type, ok]) => [ctx.registry.get(type)!.sym, ok ? T : NIL]);
}

/**
 * The answer for a role that is not there. The definitions make
 * `no-such-role` a role update (channel and role), not a failure (no text).
 */
function noSuchRole(ctx: Context, conn: Connection, u: Update): void {
  ctx.send({
    type: "shirakumo:no-such-role",
    id: u.id,
    clock: ctx.now(),
    from: ctx.serverUser.name,
    channel: u.channel,
    "shirakumo:role": u["shirakumo:role"],
  }, [conn]);
}

/** The channel and role of a role update, after the membership check. */
function target(ctx: Context, conn: Connection, u: Update): [Channel, string] | undefined {
  const channel = ctx.findChannel(u.channel as string)!;
  if (!requireMember(ctx, conn, u, channel, conn.user!)) return undefined;
  return [channel, String(u["shirakumo:role"]).toLowerCase()];
}

/** `role`: read a role, or (with permissions) create or change it. */
export const role: Handler = (ctx, conn, u) => {
  const t = target(ctx, conn, u);
  if (!t) return;
  const [channel, name] = t;
  let r = channel.roles.get(name);
  if (u.permissions === undefined) {
    if (!r) return noSuchRole(ctx, conn, u);
  } else {
    r ??= { name: String(u["shirakumo:role"]), permissions: new Map(), members: new Map() };
    const permissions = new Map<string, boolean>();
    for (const entry of u.permissions as Value[]) {
      if (!Array.isArray(entry) || entry.length !== 2) continue;
      const type = typeOf(ctx, entry[0]);
      if (type === undefined) continue; // an update type this server does not know
      permissions.set(type, isSymNamed(entry[1], "t"));
    }
    r = { ...r, permissions };
    channel.roles.set(name, r);
    saveChannel(ctx, channel);
  }
  ctx.send({ ...u, permissions: wirePermissions(ctx, r) }, [conn]);
};

/** `delete-role`. */
export const deleteRole: Handler = (ctx, conn, u) => {
  const t = target(ctx, conn, u);
  if (!t) return;
  const [channel, name] = t;
  if (!channel.roles.delete(name)) return noSuchRole(ctx, conn, u);
  saveChannel(ctx, channel);
  ctx.send(u, [conn]);
};

/** `assign-role` and `remove-role`: a member in or out. */
function membership(add: boolean): Handler {
  return (ctx, conn, u) => {
    const t = target(ctx, conn, u);
    if (!t) return;
    const [channel, name] = t;
    const r = channel.roles.get(name);
    if (!r) return noSuchRole(ctx, conn, u);
    const who = ctx.findUser(u.target as string)?.name ?? (u.target as string);
    if (add) r.members.set(nameKey(who), who);
    else r.members.delete(nameKey(who));
    saveChannel(ctx, channel);
    ctx.send(u, [conn]);
  };
}

/** `assign-role`. */
export const assignRole: Handler = membership(true);
/** `remove-role`. */
export const removeRole: Handler = membership(false);

/** `roles`: the channel's role names, or those the target has. */
export const roles: Handler = (ctx, conn, u) => {
  const channel = ctx.findChannel(u.channel as string)!;
  if (!requireMember(ctx, conn, u, channel, conn.user!)) return;
  const key = typeof u.target === "string" ? nameKey(u.target) : undefined;
  const names = [...channel.roles.values()]
    .filter((r) => key === undefined || r.members.has(key))
    .map((r) => r.name);
  ctx.send({ ...u, "shirakumo:roles": names }, [conn]);
};
