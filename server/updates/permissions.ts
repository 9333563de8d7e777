/**
 * `permissions`, `grant` and `deny` (spec §5.3.2).
 *
 * @module
 */
import { isSym, symbolKey, type Value } from "../../protocol/mod.ts";
import type { Context } from "../context.ts";
import { handler } from "../extension.ts";
import {
  anyone,
  deny as denyRule,
  grant as grantRule,
  parseRule,
  printRule,
} from "../permissions.ts";
import type { Channel } from "../state/model.ts";

/** The update class a rule's type symbol names, if it is a known update class. */
function updateClass(ctx: Context, v: Value): string | undefined {
  if (!isSym(v) || !v.known) return undefined;
  const name = symbolKey(v, "lichat");
  return ctx.registry.isSubclass(name, "update") ? name : undefined;
}

/** The channel's full rule set in wire form; classes without a rule are open to anyone. */
export function printRules(ctx: Context, ch: Channel): Value[][] {
  const out: Value[][] = [];
  for (const [type, rule] of ch.permissions) {
    const cls = ctx.registry.get(type)!;
    out.push([cls.sym, printRule(rule)]);
  }
  return out;
}

/** `permissions`: change the given rules (each bad one answered), then reply with all. */
export const permissions = handler("permissions", {}, (ctx, req) => {
  const { channel, update: u } = req;
  const rules = u.permissions ?? [];
  for (const r of rules) {
    const type = Array.isArray(r) && r.length === 2 ? updateClass(ctx, r[0]) : undefined;
    const rule = type !== undefined ? parseRule(r[1]) : undefined;
    if (type === undefined || rule === undefined) {
      req.fail(
        "invalid-permissions",
        "A rule must be (update-type expression) with T, NIL, (+ name…) or (- name…).",
      );
      continue;
    }
    channel.permissions.set(type, rule);
  }
  if (rules.length > 0) ctx.saveChannel(channel);
  req.reply("permissions", { channel: channel.name, permissions: printRules(ctx, channel) });
});

function change(type: "grant" | "deny", apply: typeof grantRule) {
  return handler(type, {}, (ctx, req) => {
    const { channel, update: u } = req;
    const cls = updateClass(ctx, u.update);
    if (cls === undefined) {
      return req.fail("invalid-permissions", "The update field must name an update type.");
    }
    channel.permissions.set(cls, apply(channel.permissions.get(cls) ?? anyone(), u.target));
    ctx.saveChannel(channel);
    req.echo();
  });
}

/** `grant`: T stays, NIL becomes (+ user), exclusions lose and inclusions gain the user. */
export const grant = change("grant", grantRule);
/** `deny`: T becomes (- user), NIL stays, exclusions gain and inclusions lose the user. */
export const deny = change("deny", denyRule);
