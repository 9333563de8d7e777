/**
 * MODE, as far as Lichat's permission rules (spec §2.5) say the same:
 *
 * - `+o`/`-o nick`: `grant`/`deny` the channel operator's updates (kick,
 *   pull, permissions, grant, deny, set-channel-info).
 * - `+v`/`-v nick`: `grant`/`deny` `message`.
 * - `+b`/`-b nick!*@*`: `deny`/`grant` `join`; `MODE #c b` lists the names
 *   the `join` rule shuts out.
 * - `+i`, `+m`, `+t`: the `join`, `message` or `set-channel-info` rule
 *   becomes "only those who may kick, and me"; `-i`, `-m`, `-t`: anyone.
 * - `MODE #c`: `+i`, `+m`, `+t` as the rules stand. The rules can only be
 *   read by who may send `permissions`; to anyone else the modes show as `+`.
 * - User mode `i` is kept and shown (clients set it), and does nothing.
 *
 * @module
 */
import { defaultRegistry, nameKey, type Update, type Value } from "../../protocol/mod.ts";
import { anyone, parseRule, printRule, type Rule } from "../permissions.ts";
import type { IrcMessage } from "./message.ts";
import { lichatChannel, lichatNick } from "./names.ts";
import { ERR, RPL } from "./numerics.ts";
import type { IrcSession } from "./session.ts";
import type { ModeChange } from "./state.ts";

const OPERATOR = ["kick", "pull", "permissions", "grant", "deny", "shirakumo:set-channel-info"];

/** Modes on a user: the updates they are about, and whether `+` grants them. */
const PER_USER: Readonly<Record<string, { updates: string[]; addGrants: boolean }>> = {
  o: { updates: OPERATOR, addGrants: true },
  v: { updates: ["message"], addGrants: true },
  b: { updates: ["join"], addGrants: false },
};

/** Modes on a rule: the update class whose rule they set. */
const RULE_LEVEL: Readonly<Record<string, string>> = {
  i: "join",
  m: "message",
  t: "shirakumo:set-channel-info",
};

function sym(type: string) {
  return defaultRegistry.get(type)!.sym;
}

/** MODE: on a channel as above; on oneself only the query (there are no user modes). */
export function modeCommand(s: IrcSession, m: IrcMessage): void {
  const [target, modes, ...args] = m.params;
  if (!target) return s.numeric(ERR.NEEDMOREPARAMS, "MODE", "Not enough parameters");
  if (!target.startsWith("#")) {
    if (lichatNick(target) !== s.name && target.toLowerCase() !== s.nick.toLowerCase()) {
      return s.numeric(ERR.USERSDONTMATCH, "Cannot change mode for other users");
    }
    if (modes === undefined) return s.numeric(RPL.UMODEIS, s.invisible ? "+i" : "+");
    // Clients set +i on connect (irssi does): kept, and shown, though Lichat lists everyone.
    if (/^[+-]i$/.test(modes)) {
      s.invisible = modes === "+i";
      s.write({ tags: {}, source: s.prefix(s.name!), command: "MODE", params: [s.nick, modes] });
      return;
    }
    return s.numeric(ERR.UMODEUNKNOWNFLAG, "Lichat has no user modes but i, which does nothing");
  }
  const channel = lichatChannel(target);
  if (channel === undefined) return s.numeric(ERR.NOSUCHCHANNEL, target, "No such channel");
  const query = (bans: boolean) =>
    s.lichat("permissions", { channel }, { kind: "mode-query", irc: target, bans });
  if (modes === undefined) return void query(false);
  if (/^[+]?b$/.test(modes) && args.length === 0) return void query(true);
  const changes: ModeChange[] = [];
  let add = true;
  for (const c of modes) {
    if (c === "+" || c === "-") {
      add = c === "+";
      continue;
    }
    if (!(c in PER_USER) && !(c in RULE_LEVEL)) {
      s.numeric(ERR.UNKNOWNMODE, c, "is unknown mode char to me");
      continue;
    }
    if (c in PER_USER) {
      const arg = args.shift();
      if (arg === undefined) {
        if (c === "b") query(true);
        continue;
      }
      changes.push({ add, mode: c, arg });
    } else changes.push({ add, mode: c });
  }
  const perUser = changes.filter((ch) => ch.mode in PER_USER);
  for (const ch of perUser) userMode(s, channel, target, ch);
  const rules = changes.filter((ch) => ch.mode in RULE_LEVEL);
  if (rules.length > 0) {
    s.lichat("permissions", { channel }, { kind: "mode", irc: target, channel, change: rules });
  }
}

function userMode(s: IrcSession, channel: string, irc: string, ch: ModeChange): void {
  const nickPart = ch.arg!.split("!")[0];
  const name = /[*?]/.test(nickPart) ? undefined : lichatNick(nickPart);
  if (name === undefined) {
    return s.numeric(ERR.NOSUCHNICK, nickPart, "Lichat rules name users, not masks");
  }
  const { updates, addGrants } = PER_USER[ch.mode];
  const type = ch.add === addGrants ? "grant" : "deny";
  updates.forEach((update, i) => {
    const last = i === updates.length - 1;
    s.lichat(type, { channel, target: name, update: sym(update) }, {
      kind: "grant",
      irc,
      shown: last ? `${ch.add ? "+" : "-"}${ch.mode} ${ch.arg}` : undefined,
      nick: nickPart,
    });
  });
}

function rulesOf(u: Update): Map<string, Rule> {
  const rules = new Map<string, Rule>();
  for (const entry of Array.isArray(u.permissions) ? u.permissions : []) {
    if (!Array.isArray(entry) || entry.length < 2) continue;
    const head = entry[0] as Value;
    if (typeof head !== "object" || Array.isArray(head) || !("name" in head)) continue;
    const rule = parseRule(entry[1]);
    const type = head.package === "lichat" ? head.name : `${head.package}:${head.name}`;
    if (rule) rules.set(type, rule);
  }
  return rules;
}

/** `+` and the rule-level modes the rules have: each is a rule that lists who may. */
function flags(rules: Map<string, Rule>): string {
  let out = "+";
  for (const [mode, type] of Object.entries(RULE_LEVEL)) {
    if (rules.get(type)?.mode === "include") out += mode;
  }
  return out;
}

/** A `permissions` reply or a `grant`/`deny` echo for a MODE; false if it is for none. */
export function modeAnswer(s: IrcSession, u: Update): boolean {
  const p = s.take(u.id, "mode-query", "mode", "grant");
  if (!p) return false;
  const show = (change: string) =>
    s.write({
      tags: {},
      source: s.prefix(s.name!),
      command: "MODE",
      params: [p.irc, ...change.split(" ")],
    });
  if (p.kind === "grant") {
    if (p.shown) show(p.shown);
    return true;
  }
  const rules = rulesOf(u);
  if (p.kind === "mode-query") {
    if (!p.bans) return s.numeric(RPL.CHANNELMODEIS, p.irc, flags(rules)), true;
    const join = rules.get("join");
    if (join?.mode === "exclude") {
      for (const n of join.names.values()) s.numeric(RPL.BANLIST, p.irc, `${n}!*@*`);
    }
    s.numeric(RPL.ENDOFBANLIST, p.irc, "End of channel ban list");
    return true;
  }
  // A change of whole rules: the operators (who may kick) and the one who asks.
  const kick = rules.get("kick");
  const ops = kick?.mode === "include" ? [...kick.names.values()] : [];
  const set: Value[] = [];
  let shown = "";
  for (const ch of p.change) {
    const names = [...new Set([...ops, s.name!])];
    const rule: Rule = ch.add
      ? { mode: "include", names: new Map(names.map((n) => [nameKey(n), n])) }
      : anyone();
    set.push([sym(RULE_LEVEL[ch.mode]), printRule(rule)]);
    shown += (ch.add ? "+" : "-") + ch.mode;
  }
  s.lichat("permissions", { channel: p.channel, permissions: set }, {
    kind: "grant",
    irc: p.irc,
    shown,
  });
  return true;
}
