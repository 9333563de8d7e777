/**
 * `shirakumo-roles` (shirakumo.mess §26): named sets of members per channel
 * that grant (`T`) or deny (`NIL`) update types. A user's own entry in a
 * channel rule still decides first; then any role denying decides, then
 * any role granting; then the rule as it stands. New channels get `admin`
 * (the creator) and `moderator` (no one); the registrant manages roles.
 * Kept in the store with the channel.
 *
 * @module
 */
import { isSym, isSymNamed, LICHAT, nameKey, NIL, T, type Value } from "../../protocol/mod.ts";
import { symbolKey } from "../../protocol/registry.ts";
import type { Context, Req } from "../context.ts";
import { type Extension, handler } from "../extension.ts";
import { Kept } from "../state/kept.ts";
import type { Channel } from "../state/model.ts";
import { slot } from "../state/slots.ts";

/** A role: update types it grants (true) or denies (false), and its members. */
interface Role {
  /** The name as set. */
  readonly name: string;
  /** Update class to grant or deny. */
  readonly permissions: Map<string, boolean>;
  /** Members, name key to name. */
  readonly members: Map<string, string>;
}

const NAME = "shirakumo-roles";

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
function defaultRoles(creator: string): Map<string, Role> {
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

/** Each channel's roles by lower-cased name. */
const roleSets = slot((channel: Channel) => defaultRoles(channel.registrant));
/** A role as stored. */
interface StoredRole {
  readonly name: string;
  readonly permissions: [string, boolean][];
  readonly members: string[];
}
/** Each channel's roles, once they differ from the defaults. */
const kept = new Kept<StoredRole[]>(NAME, "channel");

function save(ctx: Context, channel: Channel): void {
  if (channel.kind === "anonymous") return;
  kept.put(
    ctx.store,
    channel.key,
    "",
    [...roleSets.get(channel).values()].map((r) => ({
      name: r.name,
      permissions: [...r.permissions],
      members: [...r.members.values()],
    })),
  );
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
function noSuchRole(req: Req<RoleUpdate>): void {
  req.reply("shirakumo:no-such-role", {
    channel: req.update.channel,
    "shirakumo:role": req.update["shirakumo:role"],
  });
}

type RoleUpdate =
  | "shirakumo:role"
  | "shirakumo:delete-role"
  | "shirakumo:assign-role"
  | "shirakumo:remove-role";

/** The role's lower-cased name. */
const roleName = (req: Req<RoleUpdate>) => String(req.update["shirakumo:role"]).toLowerCase();

/** `role`: read a role, or (with permissions) create or change it. */
const role = handler("shirakumo:role", { member: true }, (ctx, req) => {
  const { channel, update: u } = req;
  const set = roleSets.get(channel);
  const name = roleName(req);
  let r = set.get(name);
  if (u.permissions === undefined) {
    if (!r) return noSuchRole(req);
  } else {
    const permissions = new Map<string, boolean>();
    for (const entry of u.permissions) {
      if (!Array.isArray(entry) || entry.length !== 2) continue;
      const type = typeOf(ctx, entry[0]);
      if (type === undefined) continue; // an update type this server does not know
      permissions.set(type, isSymNamed(entry[1], "t"));
    }
    r = {
      name: r?.name ?? String(u["shirakumo:role"]),
      permissions,
      members: r?.members ?? new Map(),
    };
    set.set(name, r);
    save(ctx, channel);
  }
  req.echo({ permissions: wirePermissions(ctx, r) });
});

/** `delete-role`. */
const deleteRole = handler("shirakumo:delete-role", { member: true }, (ctx, req) => {
  if (!roleSets.get(req.channel).delete(roleName(req))) return noSuchRole(req);
  save(ctx, req.channel);
  req.echo();
});

/** `assign-role` and `remove-role`: a member in or out. */
function membership(type: "shirakumo:assign-role" | "shirakumo:remove-role", add: boolean) {
  return handler(type, { member: true }, (ctx, req) => {
    const r = roleSets.get(req.channel).get(roleName(req));
    if (!r) return noSuchRole(req);
    const t = req.update.target;
    const who = ctx.findUser(t)?.name ?? t;
    if (add) r.members.set(nameKey(who), who);
    else r.members.delete(nameKey(who));
    save(ctx, req.channel);
    req.echo();
  });
}

/** `roles`: the channel's role names, or those the target has. */
const roles = handler("shirakumo:roles", { member: true }, (_ctx, req) => {
  const t = req.update.target;
  const key = typeof t === "string" ? nameKey(t) : undefined;
  const names = [...roleSets.get(req.channel).values()]
    .filter((r) => key === undefined || r.members.has(key))
    .map((r) => r.name);
  req.echo({ "shirakumo:roles": names });
});

const MANAGED = {
  "shirakumo:role": "registrant",
  "shirakumo:delete-role": "registrant",
  "shirakumo:assign-role": "registrant",
  "shirakumo:remove-role": "registrant",
} as const;

/** The extension. */
export const ROLES: Extension = {
  name: NAME,
  handlers: [
    role,
    deleteRole,
    membership("shirakumo:assign-role", true),
    membership("shirakumo:remove-role", false),
    roles,
  ],
  rules: { primary: MANAGED, channel: MANAGED },
  load(ctx) {
    for (const { owner, value } of kept.all(ctx.store)) {
      const channel = ctx.channels.get(owner);
      if (!channel) continue;
      roleSets.set(
        channel,
        new Map(value.map((r) => [r.name.toLowerCase(), {
          name: r.name,
          permissions: new Map(r.permissions),
          members: new Map(r.members.map((n) => [nameKey(n), n])),
        }])),
      );
    }
  },
  // What the roles say for the user and type: false if one denies, true if
  // one grants, undefined if none speaks.
  permit(_ctx, channel, key, type) {
    let granted: boolean | undefined;
    for (const role of roleSets.get(channel).values()) {
      const p = role.permissions.get(type);
      if (p === undefined || !role.members.has(key)) continue;
      if (!p) return false;
      granted = true;
    }
    return granted;
  },
};
