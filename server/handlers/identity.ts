/**
 * `shirakumo-shared-identity` (shirakumo.mess §15): a registered user lends
 * out keys; another registered user who redeems one may send updates as
 * the lender (the `from` check of §5.1 step 5 lets them through). At most
 * `--max-identity-shares` keys per profile; kept in the `--database` file.
 *
 * @module
 */
import { nameKey, NIL, type Update, type Value } from "../../protocol/mod.ts";
import type { Context, Handler } from "../context.ts";
import type { Connection, Profile } from "../state/model.ts";
import { saveProfile } from "./persist.ts";
import { senderProfile } from "./profile.ts";
import { randomToken } from "../tokens.ts";

/** The §5.1 step 5 exception: may the user of `key` send as `from`? */
export function mayAssume(ctx: Context, key: string, from: string): boolean {
  return ctx.profiles.get(key)?.identities?.has(nameKey(from)) ?? false;
}

/** Step 1 of each. */
const profileOf = (ctx: Context, conn: Connection, u: Update) =>
  senderProfile(ctx, conn, u, "share identities");

function alreadyUsed(ctx: Context, conn: Connection, u: Update, text: string): void {
  ctx.fail(conn, u, "shirakumo:identity-already-used", text);
}

/** Take `lender` off the identities of whoever redeemed its keys. */
function forget(ctx: Context, lender: Profile, redeemer: string | null): void {
  if (redeemer === null) return;
  const p = ctx.profiles.get(nameKey(redeemer));
  if (p?.identities?.delete(lender.key)) saveProfile(ctx, p);
}

/** `share-identity`: lend out a fresh key. */
export const shareIdentity: Handler = (ctx, conn, u) => {
  const profile = profileOf(ctx, conn, u);
  if (!profile) return;
  const lending = profile.lending ??= new Map();
  if (lending.size >= ctx.options.maxIdentityShares) {
    return alreadyUsed(ctx, conn, u, `You lend ${lending.size} keys already, the most allowed.`);
  }
  // 144 random bits, as 24 characters (the spec asks for at least 16).
  const key = randomToken(18);
  lending.set(key, null);
  saveProfile(ctx, profile);
  ctx.send({ ...u, key }, [conn]);
};

/** `unshare-identity`: take back one key, or (with none named) all of them. */
export const unshareIdentity: Handler = (ctx, conn, u) => {
  const profile = profileOf(ctx, conn, u);
  if (!profile) return;
  const lending = profile.lending ??= new Map();
  if (typeof u.key !== "string") {
    for (const redeemer of lending.values()) forget(ctx, profile, redeemer);
    // "Removed from all identities lists", whatever the lending map says.
    for (const p of ctx.profiles.values()) {
      if (p.identities?.delete(profile.key)) saveProfile(ctx, p);
    }
    lending.clear();
  } else if (lending.has(u.key)) {
    forget(ctx, profile, lending.get(u.key)!);
    lending.delete(u.key);
  }
  saveProfile(ctx, profile);
  ctx.send(u, [conn]);
};

/** `list-shared-identities`: the keys lent out, and the identities held. */
export const listSharedIdentities: Handler = (ctx, conn, u) => {
  const profile = profileOf(ctx, conn, u);
  if (!profile) return;
  const shares: Value[] = [...(profile.lending ?? [])].map(([k, who]) => [k, who ?? NIL]);
  ctx.send({
    ...u,
    shares,
    identities: [...(profile.identities?.values() ?? [])],
  }, [conn]);
};

/** `assume-identity`: redeem a key the target lent out. */
export const assumeIdentity: Handler = (ctx, conn, u) => {
  const profile = profileOf(ctx, conn, u);
  if (!profile) return;
  const targetKey = nameKey(u.target as string);
  // Step 2.
  if (targetKey === profile.key || profile.identities?.has(targetKey)) {
    return alreadyUsed(ctx, conn, u, `You already send as ${u.target}.`);
  }
  // Step 3.
  const target = ctx.profiles.get(targetKey);
  const key = u.key as string;
  if (!target?.lending?.has(key) || target.lending.get(key) !== null) {
    return alreadyUsed(ctx, conn, u, "That key is not one on loan.");
  }
  // Step 4.
  target.lending.set(key, profile.name);
  (profile.identities ??= new Map()).set(targetKey, target.name);
  saveProfile(ctx, target);
  saveProfile(ctx, profile);
  // Step 5.
  ctx.send(u, [conn]);
};
