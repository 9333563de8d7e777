/**
 * `--admins`: users given what the primary channel's default rules give its
 * registrant, the server's own user (kill, ban, destroy, grant,
 * server-info, …). The rights go only to a registered profile whose every
 * connection proved its password at connect (§4.1 step 7), so that a name
 * in `--admins` is worth nothing to whoever merely connects as it, or
 * registers it mid-session. A name not registered at start is warned
 * about: whoever registers it first becomes its owner.
 *
 * The rights are a `permit` hook of the core, not names written into the
 * primary channel's rules: they follow `--admins` as it is now, are never
 * stored, and a `deny` in the primary channel does not take them away.
 *
 * @example
 * ```ts
 * import { adminPermit } from "./admins.ts";
 * // In the core's extension entry: `permit: adminPermit`.
 * ```
 *
 * @module
 */
import { nameKey } from "../protocol/mod.ts";
import type { Context } from "./context.ts";
import type { Channel } from "./state/model.ts";

/** Is the user of name key `key` an admin now: listed, registered, and every connection authenticated? */
export function isAdmin(ctx: Context, key: string): boolean {
  if (!ctx.options.admins.some((n) => nameKey(n) === key) || !ctx.profiles.has(key)) return false;
  const user = ctx.users.get(key);
  if (!user || user.connections.size === 0) return false;
  for (const c of user.connections) if (!c.authenticated) return false;
  return true;
}

/**
 * The `permit` hook: in the primary channel, an admin may send what its
 * registrant may (the classes whose default rule is `registrant`).
 */
export function adminPermit(
  ctx: Context,
  channel: Channel,
  key: string,
  type: string,
): boolean | undefined {
  if (channel !== ctx.primary || ctx.extensions.rules.primary[type] !== "registrant") {
    return undefined;
  }
  return isAdmin(ctx, key) ? true : undefined;
}

/**
 * At start: take the admins out of the primary channel's "registrant" rules
 * (a database written when `--admins` put them there would otherwise give
 * their names the rights without a password), and warn about each name in
 * `--admins` that no profile has.
 */
export function loadAdmins(ctx: Context): void {
  for (const [type, who] of Object.entries(ctx.extensions.rules.primary)) {
    const rule = ctx.primary.permissions.get(type);
    if (who !== "registrant" || rule?.mode !== "include") continue;
    for (const name of ctx.options.admins) rule.names.delete(nameKey(name));
  }
  for (const name of ctx.options.admins) {
    if (ctx.profiles.has(nameKey(name))) continue;
    ctx.log.warning(
      "--admins names {name}, which is not registered: it gets no rights until registered, and whoever registers it first owns it",
      { name },
    );
  }
}
