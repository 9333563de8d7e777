/**
 * Writing changes through to the store. Anonymous channels are not stored:
 * they end with their last user. The primary channel is stored for its
 * rules, which `grant` and `deny` change.
 *
 * @module
 */
import type { Context } from "../context.ts";
import type { Channel, Profile } from "../state/model.ts";

/** Store a profile as it is now. */
export function saveProfile(ctx: Context, p: Profile): void {
  ctx.store.saveProfile({
    name: p.name,
    hash: p.hash,
    registeredOn: p.registeredOn,
    lastSeen: p.lastSeen,
    info: p.info ? [...p.info] : [],
    blocks: p.blocks ? [...p.blocks.values()] : [],
    otpKey: p.otpKey ?? "",
    lending: p.lending ? [...p.lending] : [],
    identities: p.identities ? [...p.identities.values()] : [],
  });
}

/** Store a channel's lasting parts (not anonymous channels). */
export function saveChannel(ctx: Context, ch: Channel): void {
  if (ch.kind === "anonymous") return;
  ctx.store.saveChannel({
    name: ch.name,
    kind: ch.kind,
    registrant: ch.registrant,
    permissions: [...ch.permissions],
    createdOn: ch.createdOn,
    info: [...ch.info].filter(([, v]) => v !== ""),
    roles: [...ch.roles.values()].map((r) => ({
      name: r.name,
      permissions: [...r.permissions],
      members: [...r.members.values()],
    })),
  });
}
