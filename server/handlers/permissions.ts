/**
 * `permissions`, `grant` and `deny` (spec §5.3.2).
 *
 * @module
 */
import { isSym, symbolKey, type Value } from "../../protocol/mod.ts";
import type { Context, Handler } from "../context.ts";
import {
  anyone,
  deny as denyRule,
  grant as grantRule,
  parseRule,
  printRule,
} from "../permissions.ts";
import type { Channel } from "../state/model.ts";
import { saveChannel } from "./persist.ts";

/** The update class a rule's type symbol names, if it is a known update class. */
function updateClass(ctx: Context, v: Value): string | undefined {
  if (!isSym(v) || !v.known) return undefined;
  const name = symbolKey(v, "lichat");
  return ctx.registry.isSubclass(name, "update") ? name : undefined;
}

/** The channel's full rule set in wire form; classes without a rule are open to anyone. */
export function printRules(ctx: Context, ch: Channel): Value[] {
  const out: Value[] = [];
  for (const [type, rule] of ch.permissions) {
    const cls = ctx.registry.get(type)!;
    out.push([cls.sym, printRule(rule)]);
  }
  return out;
}

/** `permissions`: change the given rules (each bad one answered), then reply with all. */
export const permissions: Handler = (ctx, conn, u) => {
  const channel = ctx.findChannel(u.channel as string)!;
  const rules = Array.isArray(u.permissions) ? u.permissions as Value[] : [];
  for (const r of rules) {
    const type = Array.isArray(r) && r.length === 2 ? updateClass(ctx, r[0]) : undefined;
    const rule = type !== undefined ? parseRule((r as Value[])[1]) : undefined;
    if (type === undefined || rule === undefined) {
      ctx.fail(
        conn,
        u,
        "invalid-permissions",
        "A rule must be (update-type expression) with T, NIL, (+ name…) or (- name…).",
      );
      continue;
    }
    channel.permissions.set(type, rule);
  }
  if (rules.length > 0) saveChannel(ctx, channel);
  ctx.send({
    type: "permissions",
    id: u.id,
    clock: ctx.now(),
    from: ctx.serverUser.name,
    channel: channel.name,
    permissions: printRules(ctx, channel),
  }, [conn]);
};

function change(apply: typeof grantRule): Handler {
  return (ctx, conn, u) => {
    const channel = ctx.findChannel(u.channel as string)!;
    const type = updateClass(ctx, u.update as Value);
    if (type === undefined) {
      return ctx.fail(conn, u, "invalid-permissions", "The update field must name an update type.");
    }
    const current = channel.permissions.get(type) ?? anyone();
    channel.permissions.set(type, apply(current, u.target as string));
    saveChannel(ctx, channel);
    ctx.send(u, [conn]);
  };
}

/** `grant`: T stays, NIL becomes (+ user), exclusions lose and inclusions gain the user. */
export const grant: Handler = change(grantRule);
/** `deny`: T becomes (- user), NIL stays, exclusions gain and inclusions lose the user. */
export const deny: Handler = change(denyRule);
