/**
 * Permission rules (spec §2.5): who may send which update to a channel.
 *
 * A rule is an inclusion or exclusion mask of user names: `T` is the empty
 * exclusion (anyone), `NIL` the empty inclusion (no one). Names are compared
 * by {@linkcode nameKey} (case-insensitive, §2.2.1).
 *
 * @example
 * ```ts
 * import { parseRule, permits, printRule } from "./permissions.ts";
 * const rule = parseRule([{ kind: "symbol", package: "lichat", name: "+", known: true }, "Ada"])!;
 * permits(rule, "ada"); // true
 * printRule(rule); // (+ "Ada")
 * ```
 *
 * @module
 */
import { isSym, isSymNamed, makeSym, nameKey, NIL, T, type Value } from "../protocol/mod.ts";
import type { Context } from "./context.ts";
import type { Channel, User } from "./state/model.ts";

/** A rule: who is included or excluded. Keys are name keys; values the names as given. */
export interface Rule {
  /** `include`: only the listed users; `exclude`: everyone but them. */
  readonly mode: "include" | "exclude";
  /** Listed users, name key to name as written. */
  readonly names: Map<string, string>;
}

/** `T`: anyone. */
export function anyone(): Rule {
  return { mode: "exclude", names: new Map() };
}

/** `NIL`: no one. */
export function noOne(): Rule {
  return { mode: "include", names: new Map() };
}

/** `(+ names…)`. */
export function only(...names: string[]): Rule {
  return { mode: "include", names: new Map(names.map((n) => [nameKey(n), n])) };
}

/** Does `rule` allow the user of that name? */
export function permits(rule: Rule, name: string): boolean {
  return permitsKey(rule, nameKey(name));
}

/** {@linkcode permits} for a name already turned into its key. */
export function permitsKey(rule: Rule, key: string): boolean {
  const listed = rule.names.has(key);
  return rule.mode === "include" ? listed : !listed;
}

/** Parse a rule expression: `T`, `NIL`, `(+ name…)`, `(- name…)`; undefined if malformed. */
export function parseRule(expr: Value): Rule | undefined {
  if (isSymNamed(expr, "t")) return anyone();
  if (isSymNamed(expr, "nil")) return noOne();
  if (!Array.isArray(expr) || expr.length === 0) {
    return Array.isArray(expr) ? noOne() : undefined; // () is NIL
  }
  const head = expr[0];
  if (!isSym(head) || head.package !== "lichat" || (head.name !== "+" && head.name !== "-")) {
    return undefined;
  }
  const names = new Map<string, string>();
  for (const n of expr.slice(1)) {
    if (typeof n !== "string") return undefined;
    names.set(nameKey(n), n);
  }
  return { mode: head.name === "+" ? "include" : "exclude", names };
}

/** The wire form of a rule, simplified: `T` and `NIL` where they apply. */
export function printRule(rule: Rule): Value {
  if (rule.names.size === 0) return rule.mode === "exclude" ? T : NIL;
  return [makeSym(rule.mode === "include" ? "+" : "-"), ...rule.names.values()];
}

/** §5.3.2 `grant`: let `name` in. */
export function grant(rule: Rule, name: string): Rule {
  const names = new Map(rule.names);
  if (rule.mode === "exclude") names.delete(nameKey(name));
  else names.set(nameKey(name), name);
  return { mode: rule.mode, names };
}

/** §5.3.2 `deny`: keep `name` out. */
export function deny(rule: Rule, name: string): Rule {
  const names = new Map(rule.names);
  if (rule.mode === "exclude") names.set(nameKey(name), name);
  else names.delete(nameKey(name));
  return { mode: rule.mode, names };
}

/** A channel's rules: update class name to rule. Missing classes fall back to a default. */
export type RuleSet = Map<string, Rule>;

/** Which kind of channel a rule set is for. */
export type ChannelKind = "primary" | "regular" | "anonymous";

/** Who a default rule lets in: the channel's registrant only, or no one. */
export type DefaultRule = "registrant" | "no one";

/**
 * Give `admins` what the primary channel's default rules (`defaults`) give
 * its registrant, the server's own user: `--admins`. Only rules that list
 * their users change; one that lets anyone in, or names an admin as shut
 * out, stays. On a reload, `before` are the admins until now: those no
 * longer named lose what `--admins` gave them.
 */
export function grantAdmins(
  primary: { permissions: RuleSet },
  defaults: Readonly<Record<string, DefaultRule>>,
  admins: readonly string[],
  before: readonly string[] = [],
): void {
  const keys = new Set(admins.map(nameKey));
  for (const [type, who] of Object.entries(defaults)) {
    if (who !== "registrant") continue;
    const rule = primary.permissions.get(type);
    if (!rule || rule.mode !== "include") continue;
    for (const name of before) if (!keys.has(nameKey(name))) rule.names.delete(nameKey(name));
    for (const name of admins) rule.names.set(nameKey(name), name);
  }
}

/** The rules of a new channel with `defaults` (its kind's) created by `registrant`. */
export function defaultRules(
  defaults: Readonly<Record<string, DefaultRule>>,
  registrant: string,
): RuleSet {
  const rules: RuleSet = new Map();
  for (const [type, who] of Object.entries(defaults)) {
    rules.set(type, who === "registrant" ? only(registrant) : noOne());
  }
  return rules;
}

/**
 * May `user` send an update of `type` to `channel` (§5.1 step 8)? The
 * server's own user may do anything; an anonymous channel is closed to
 * those outside it; a user's own entry in the rule decides first, then what
 * the `permit` hooks say (shirakumo-roles), then the rule, or anyone when
 * there is none.
 */
export function permittedIn(
  ctx: Context,
  type: string,
  channel: Channel,
  user: User | string,
): boolean {
  // Once per check, and per update: the user's key is already at hand.
  const key = typeof user === "string" ? nameKey(user) : user.key;
  if (key === ctx.serverUser.key) return true;
  if (channel.kind === "anonymous" && typeof user !== "string" && !channel.users.has(user)) {
    return false; // §2.4.2: invisible from outside
  }
  const rule = channel.permissions.get(type);
  if (!rule?.names.has(key)) {
    for (const permit of ctx.extensions.hooks("permit")) {
      const verdict = permit(ctx, channel, key, type);
      if (verdict !== undefined) return verdict;
    }
  }
  return rule ? permitsKey(rule, key) : true;
}
