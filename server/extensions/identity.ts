/**
 * `shirakumo-shared-identity` (shirakumo.mess §15): a registered user lends
 * out keys; another registered user who redeems one may send updates as
 * the lender (the `from` check of §5.1 step 5 lets them through; membership
 * is still the holder's own). At most `--max-identity-shares` keys per
 * profile; kept in the store.
 *
 * @module
 */
import { nameKey, NIL, type Value } from "../../protocol/mod.ts";
import type { Context } from "../context.ts";
import { type Extension, handler } from "../extension.ts";
import { Kept } from "../state/kept.ts";
import type { Profile } from "../state/model.ts";
import { slot } from "../state/slots.ts";
import { randomToken } from "../tokens.ts";

const NAME = "shirakumo-shared-identity";

/** A profile's keys lent out (and who redeemed each), and the users it may send as. */
interface Shares {
  /** Key to the redeemer's name, or null while no one has redeemed it. */
  readonly lending: Map<string, string | null>;
  /** Name key to name. */
  readonly identities: Map<string, string>;
}

const shares = slot((_: Profile): Shares => ({ lending: new Map(), identities: new Map() }));
/** Per profile, its shares as lists. */
const kept = new Kept<{ lending: [string, string | null][]; identities: string[] }>(
  NAME,
  "profile",
);

function save(ctx: Context, p: Profile): void {
  const s = shares.get(p);
  if (s.lending.size === 0 && s.identities.size === 0) return kept.drop(ctx.store, p.key);
  kept.put(ctx.store, p.key, "", {
    lending: [...s.lending],
    identities: [...s.identities.values()],
  });
}

/** Take `lender` off the identities of whoever redeemed its keys. */
function forget(ctx: Context, lender: Profile, redeemer: string | null): void {
  if (redeemer === null) return;
  const p = ctx.profiles.get(nameKey(redeemer));
  if (p && shares.get(p).identities.delete(lender.key)) save(ctx, p);
}

const why = "share identities";

/** `share-identity`: lend out a fresh key. */
const shareIdentity = handler("shirakumo:share-identity", { registered: why }, (ctx, req) => {
  const { lending } = shares.get(req.profile);
  if (lending.size >= ctx.options.maxIdentityShares) {
    return req.fail(
      "shirakumo:identity-already-used",
      `You lend ${lending.size} keys already, the most allowed.`,
    );
  }
  // 144 random bits, as 24 characters (the spec asks for at least 16).
  const key = randomToken(ctx, 18);
  lending.set(key, null);
  save(ctx, req.profile);
  req.echo({ key });
});

/** `unshare-identity`: take back one key, or (with none named) all of them. */
const unshareIdentity = handler("shirakumo:unshare-identity", { registered: why }, (ctx, req) => {
  const profile = req.profile;
  const { lending } = shares.get(profile);
  const key = req.update.key;
  if (typeof key !== "string") {
    for (const redeemer of lending.values()) forget(ctx, profile, redeemer);
    // "Removed from all identities lists", whatever the lending map says.
    for (const p of ctx.profiles.values()) {
      if (shares.peek(p)?.identities.delete(profile.key)) save(ctx, p);
    }
    lending.clear();
  } else if (lending.has(key)) {
    forget(ctx, profile, lending.get(key)!);
    lending.delete(key);
  }
  save(ctx, profile);
  req.echo();
});

/** `list-shared-identities`: the keys lent out, and the identities held. */
const listSharedIdentities = handler(
  "shirakumo:list-shared-identities",
  { registered: why },
  (_ctx, req) => {
    const s = shares.get(req.profile);
    const lent: Value[] = [...s.lending].map(([k, who]) => [k, who ?? NIL]);
    req.echo({ shares: lent, identities: [...s.identities.values()] });
  },
);

/** `assume-identity`: redeem a key the target lent out. */
const assumeIdentity = handler("shirakumo:assume-identity", { registered: why }, (ctx, req) => {
  const { profile, update: u } = req;
  const targetKey = nameKey(u.target);
  const mine = shares.get(profile);
  // Step 2.
  if (targetKey === profile.key || mine.identities.has(targetKey)) {
    return req.fail("shirakumo:identity-already-used", `You already send as ${u.target}.`);
  }
  // Step 3.
  const target = ctx.profiles.get(targetKey);
  const lent = target && shares.get(target).lending;
  if (!target || !lent || lent.get(u.key) !== null) {
    return req.fail("shirakumo:identity-already-used", "That key is not one on loan.");
  }
  // Step 4.
  lent.set(u.key, profile.name);
  mine.identities.set(targetKey, target.name);
  save(ctx, target);
  save(ctx, profile);
  // Step 5.
  req.echo();
});

/** The extension. */
export const IDENTITY: Extension = {
  name: NAME,
  handlers: [shareIdentity, unshareIdentity, listSharedIdentities, assumeIdentity],
  load(ctx) {
    for (const { owner, value } of kept.all(ctx.store)) {
      const profile = ctx.profiles.get(owner);
      if (!profile) continue;
      const s = shares.get(profile);
      for (const [k, who] of value.lending) s.lending.set(k, who);
      for (const n of value.identities) s.identities.set(nameKey(n), n);
    }
  },
  // §5.1 step 5's exception: a user may send as those whose keys it redeemed.
  sendAs(ctx, user, from) {
    const p = ctx.profiles.get(user.key);
    return p !== undefined && !!shares.peek(p)?.identities.has(nameKey(from));
  },
};
