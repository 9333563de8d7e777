/**
 * The general checks of spec §5.1 that need the server's state (steps 5–8);
 * steps 1–4 ran in the parser stage.
 *
 * @module
 */
import { nameKey, sameName, type Update } from "../protocol/mod.ts";
import type { Context } from "./context.ts";
import type { Channel, Connection } from "./state/model.ts";
import { bridgeKey, relayBridged } from "./handlers/bridge.ts";
import { parentName, validTreeName } from "./handlers/trees.ts";
import { mayAssume } from "./handlers/identity.ts";

/**
 * The channel an update is checked against (§5.1 step 8): its own, for
 * channel updates that name one, else the primary channel.
 */
export function targetChannel(ctx: Context, u: Update): Channel | undefined {
  // shirakumo.mess §7: a destroy is permitted by the primary channel's rules.
  if (u.type === "shirakumo:destroy") return ctx.primary;
  // shirakumo.mess §5: a nested channel is created with its parent's leave.
  if (u.type === "create" && typeof u.channel === "string") {
    const parent = parentName(u.channel);
    return parent === undefined ? ctx.primary : ctx.findChannel(parent);
  }
  if (typeof u.channel === "string" && ctx.registry.isSubclass(u.type, "channel-update")) {
    return ctx.findChannel(u.channel);
  }
  return ctx.primary;
}

/**
 * Run steps 5–8 on an update from a connected user; on failure answer it and
 * return false (also when a bridged update was delivered instead). Fills in
 * `from` when the client left it out (§3).
 */
export function checkGeneral(ctx: Context, conn: Connection, u: Update): boolean {
  const user = conn.user!;
  // Step 5.
  if (u.from === undefined) {
    u.from = user.name;
  } else if (!sameName(u.from, user.name) && !mayAssume(ctx, user.key, u.from)) {
    ctx.fail(conn, u, "username-mismatch", `You are ${user.name}, not ${u.from}.`);
    return false;
  }
  // shirakumo-channel-trees: the slash rule first, then the parent.
  if (u.type === "create" && typeof u.channel === "string" && !validTreeName(u.channel)) {
    ctx.fail(conn, u, "bad-name", `A / in ${u.channel} must stand between two other characters.`);
    return false;
  }
  // Step 6. Anonymous channels are invisible to those outside them
  // (§2.4.2). For a nested create the channel checked is the parent (§5).
  const channel = targetChannel(ctx, u);
  if (!channel || (channel.kind === "anonymous" && !channel.users.has(user))) {
    if (u.type === "create") {
      const parent = parentName(u.channel as string);
      ctx.fail(conn, u, "shirakumo:no-such-parent-channel", `There is no channel ${parent}.`);
    } else ctx.fail(conn, u, "no-such-channel", `There is no channel ${u.channel}.`);
    return false;
  }
  // shirakumo-bridge: after step 6, a bridged update takes its own way.
  const bridged = bridgeKey(u);
  if (bridged !== undefined) {
    relayBridged(ctx, conn, u, channel, bridged);
    return false;
  }
  // Step 7.
  if (typeof u.target === "string" && ctx.registry.isSubclass(u.type, "target-update")) {
    const key = nameKey(u.target);
    // Users the server knows: online, registered, or banned (so that an
    // unban reaches a name that is none of the others).
    if (!ctx.findUser(u.target) && !ctx.profiles.has(key) && !ctx.blacklist.has(key)) {
      ctx.fail(conn, u, "no-such-user", `There is no user ${u.target}.`);
      return false;
    }
  }
  // Step 8.
  if (!ctx.permitted(u.type, channel, user)) {
    ctx.fail(
      conn,
      u,
      "insufficient-permissions",
      `You may not send ${u.type} to ${channel.name}.`,
    );
    return false;
  }
  return true;
}
