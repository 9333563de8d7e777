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

/** What only a regular or anonymous channel's registrant may do by default. */
const CHANNEL_MANAGEMENT: Readonly<Record<string, DefaultRule>> = {
  "permissions": "registrant",
  "grant": "registrant",
  "deny": "registrant",
  "kick": "registrant",
  "shirakumo:set-channel-info": "registrant",
  "shirakumo:pause": "registrant",
  "shirakumo:quiet": "registrant",
  "shirakumo:unquiet": "registrant",
  "shirakumo:quieted": "registrant",
  "shirakumo:bridge": "registrant",
  "shirakumo:emote": "registrant",
  "shirakumo:role": "registrant",
  "shirakumo:delete-role": "registrant",
  "shirakumo:assign-role": "registrant",
  "shirakumo:remove-role": "registrant",
};

/**
 * The default rules per channel kind; every update class not listed is open
 * to anyone (`T`). These follow the original lichat-protocol defaults, with
 * the choices noted in the README's permission table. The server's own user
 * is always permitted.
 */
export const DEFAULT_RULES: Readonly<Record<ChannelKind, Readonly<Record<string, DefaultRule>>>> = {
  primary: {
    "permissions": "registrant",
    "grant": "registrant",
    "deny": "registrant",
    "leave": "no one",
    "kick": "registrant",
    "pull": "no one",
    "message": "registrant",
    "server-info": "registrant",
    "shirakumo:backfill": "registrant",
    "shirakumo:data": "registrant",
    "shirakumo:emote": "registrant",
    "shirakumo:edit": "no one",
    "shirakumo:set-channel-info": "registrant",
    "shirakumo:typing": "no one",
    "shirakumo:react": "no one",
    "shirakumo:pause": "no one",
    "shirakumo:quiet": "no one",
    "shirakumo:unquiet": "no one",
    "shirakumo:quieted": "no one",
    "shirakumo:kill": "registrant",
    "shirakumo:destroy": "registrant",
    "shirakumo:ban": "registrant",
    "shirakumo:unban": "registrant",
    "shirakumo:blacklist": "registrant",
    "shirakumo:bridge": "registrant",
    "shirakumo:ip-ban": "registrant",
    "shirakumo:ip-unban": "registrant",
    "shirakumo:ip-blacklist": "registrant",
    "shirakumo:role": "registrant",
    "shirakumo:delete-role": "registrant",
    "shirakumo:assign-role": "registrant",
    "shirakumo:remove-role": "registrant",
  },
  regular: CHANNEL_MANAGEMENT,
  anonymous: {
    ...CHANNEL_MANAGEMENT,
    // Outsiders cannot see an anonymous channel, let alone join it.
    "join": "no one",
    "channels": "no one",
  },
};

/**
 * Give `admins` what the primary channel's default rules give its registrant
 * (the server's own user): `--admins`. Only rules that list their users
 * change; one that lets anyone in, or names an admin as shut out, stays.
 */
export function grantAdmins(primary: { permissions: RuleSet }, admins: readonly string[]): void {
  for (const [type, who] of Object.entries(DEFAULT_RULES.primary)) {
    if (who !== "registrant") continue;
    const rule = primary.permissions.get(type);
    if (!rule || rule.mode !== "include") continue;
    for (const name of admins) rule.names.set(nameKey(name), name);
  }
}

/** The default rules of a new channel of `kind` created by `registrant`. */
export function defaultRules(kind: ChannelKind, registrant: string): RuleSet {
  const rules: RuleSet = new Map();
  for (const [type, who] of Object.entries(DEFAULT_RULES[kind])) {
    rules.set(type, who === "registrant" ? only(registrant) : noOne());
  }
  return rules;
}
