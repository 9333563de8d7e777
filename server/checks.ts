/**
 * The general checks of spec §5.1 that need the server's state (steps 5–8;
 * steps 1–4 ran in the parser stage), then the handler's preconditions.
 * Each check that fails answers the update with its failure.
 *
 * @module
 */
import { nameKey, sameName, type Update } from "../protocol/mod.ts";
import type { AnyReq, Context } from "./context.ts";
import type { HandlerEntry, Refusal, Said } from "./extension.ts";
import { Request } from "./request.ts";
import type { Channel, Connection, User } from "./state/model.ts";

/** What the checks of one update came to. */
export type Checked =
  /** It passed: hand `req` to the handler. */
  | { readonly kind: "pass"; readonly req: AnyReq }
  /** It failed, and was answered. */
  | { readonly kind: "failed" }
  /** An extension took it over after step 6 (shirakumo-bridge). */
  | { readonly kind: "taken" };

const FAILED: Checked = { kind: "failed" };

/**
 * The channel an update is checked against (§5.1 steps 6 and 8): what an
 * extension decides, else the update's own for channel updates that name
 * one, else the primary channel. A `Refusal` when it does not exist.
 */
function targetOf(ctx: Context, u: Update, h: HandlerEntry | undefined): Channel | Refusal {
  if (h?.pre.againstPrimary) return ctx.primary;
  for (const target of ctx.extensions.hooks("target")) {
    const t = target(ctx, u);
    if (t) return "channel" in t ? t.channel : t.missing;
  }
  if (typeof u.channel === "string" && ctx.registry.isSubclass(u.type, "channel-update")) {
    return ctx.findChannel(u.channel) ??
      { failure: "no-such-channel", text: `There is no channel ${u.channel}.` };
  }
  return ctx.primary;
}

/** Step 5: `from` is the sender's, or one it may send as; filled in when missing (§3). */
function checkSender(ctx: Context, user: User, u: Update): boolean {
  if (u.from === undefined) {
    u.from = user.name;
    return true;
  }
  if (sameName(u.from, user.name)) return true;
  return ctx.extensions.hooks("sendAs").some((may) => may(ctx, user, u.from as string));
}

/** Step 7: a target update's target is a user the server knows. */
function targetKnown(ctx: Context, u: Update): boolean {
  if (typeof u.target !== "string" || !ctx.registry.isSubclass(u.type, "target-update")) {
    return true;
  }
  const key = nameKey(u.target);
  return ctx.users.has(key) || ctx.profiles.has(key) ||
    ctx.extensions.hooks("knows").some((knows) => knows(ctx, key));
}

/**
 * Run steps 5–8 and the preconditions of `h` (the update's handler, if it
 * has one) on an update from a connection bound to `user`.
 */
export function check(
  ctx: Context,
  conn: Connection,
  user: User,
  u: Update,
  h: HandlerEntry | undefined,
  said: Said | undefined,
): Checked {
  const v = verdict(ctx, conn, user, u, h, said);
  if (v instanceof Request) return { kind: "pass", req: v };
  if ("kind" in v) return TAKEN;
  ctx.fail(conn, u, v.failure, v.text);
  return FAILED;
}

const TAKEN = { kind: "taken" } as const;

/** The checks of {@linkcode check}: the request, what failed, or that it was taken. */
function verdict(
  ctx: Context,
  conn: Connection,
  user: User,
  u: Update,
  h: HandlerEntry | undefined,
  said: Said | undefined,
): Request | Refusal | typeof TAKEN {
  // Step 5.
  if (!checkSender(ctx, user, u)) {
    return { failure: "username-mismatch", text: `You are ${user.name}, not ${u.from}.` };
  }
  for (const precheck of ctx.extensions.hooks("precheck")) {
    const r = precheck(ctx, u);
    if (r) return r;
  }
  // Step 6. Anonymous channels are invisible to those outside them (§2.4.2).
  const channel = targetOf(ctx, u, h);
  if (!("users" in channel)) return channel;
  if (channel.kind === "anonymous" && !channel.users.has(user)) {
    return { failure: "no-such-channel", text: `There is no channel ${u.channel}.` };
  }
  const req = new Request(ctx, conn, user, u, channel, said);
  for (const divert of ctx.extensions.hooks("divert")) if (divert(ctx, req)) return TAKEN;
  // Step 7.
  if (!targetKnown(ctx, u)) {
    return { failure: "no-such-user", text: `There is no user ${u.target}.` };
  }
  // Step 8.
  if (!ctx.permitted(u.type, channel, user)) {
    return {
      failure: "insufficient-permissions",
      text: `You may not send ${u.type} to ${channel.name}.`,
    };
  }
  if (!h) return req;
  // The handler's preconditions.
  if (h.pre.member && !channel.users.has(user)) {
    return { failure: "not-in-channel", text: `${user.name} is not in ${channel.name}.` };
  }
  if (h.pre.registered !== undefined) {
    const profile = ctx.profiles.get(user.key);
    if (!profile) {
      return { failure: "no-such-profile", text: `Only registered users ${h.pre.registered}.` };
    }
    req.profile = profile;
  }
  return req;
}
