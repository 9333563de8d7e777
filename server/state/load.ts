/**
 * The core's lasting state read back at start: profiles, regular channels
 * and the primary channel's rules. Extensions read their own (their `load`
 * hooks) once this is done.
 *
 * @module
 */
import { nameKey } from "../../protocol/mod.ts";
import type { Context } from "../context.ts";
import { defaultRules } from "../permissions.ts";
import type { Channel, Profile } from "./model.ts";
import type { ChannelRecord, ProfileRecord } from "./store.ts";

/**
 * Fill `ctx.profiles` and `ctx.channels` from the store; returns the stored
 * primary channel, if the server kept its name (its rules as set).
 */
export function loadState(ctx: Context): ChannelRecord | undefined {
  for (const p of ctx.store.loadProfiles()) {
    ctx.profiles.set(nameKey(p.name), { ...p, key: nameKey(p.name) });
  }
  let primary: ChannelRecord | undefined;
  for (const c of ctx.store.loadChannels()) {
    if (c.kind === "primary") {
      if (nameKey(c.name) === nameKey(ctx.options.name)) primary = c;
      continue;
    }
    ctx.channels.set(nameKey(c.name), {
      name: c.name,
      key: nameKey(c.name),
      kind: c.kind,
      registrant: c.registrant,
      permissions: new Map(c.permissions),
      users: new Set(),
      createdOn: c.createdOn,
      emptySince: ctx.now(),
    });
  }
  return primary;
}

/** The primary channel: named after the server, with the stored rules or the defaults. */
export function primaryChannel(ctx: Context, stored: ChannelRecord | undefined): Channel {
  const name = ctx.options.name;
  return {
    name,
    key: nameKey(name),
    kind: "primary",
    registrant: name,
    permissions: stored
      ? new Map(stored.permissions)
      : defaultRules(ctx.extensions.rules.primary, name),
    users: new Set(),
    createdOn: ctx.now(),
    emptySince: undefined,
  };
}

/** A new regular or anonymous channel, with its kind's default rules. */
export function newChannel(
  ctx: Context,
  name: string,
  kind: "regular" | "anonymous",
  registrant: string,
): Channel {
  return {
    name,
    key: nameKey(name),
    kind,
    registrant,
    permissions: defaultRules(ctx.extensions.rules[kind], registrant),
    users: new Set(),
    createdOn: ctx.now(),
    emptySince: undefined,
  };
}

/** A channel as the store keeps it. */
export function channelRecord(c: Channel): ChannelRecord {
  return {
    name: c.name,
    kind: c.kind,
    registrant: c.registrant,
    permissions: [...c.permissions],
    createdOn: c.createdOn,
  };
}

/** A profile as the store keeps it. */
export function profileRecord(p: Profile): ProfileRecord {
  return { name: p.name, hash: p.hash, registeredOn: p.registeredOn, lastSeen: p.lastSeen };
}
