/**
 * Private messages. IRC sends them to a nick; Lichat has none, and its
 * clients talk privately in an anonymous channel they create and pull the
 * other user into. So PRIVMSG to a nick is a message to the anonymous
 * channel shared with that user, made on first use (`create`, then `pull`).
 * An anonymous channel shared with exactly one other user shows as a query
 * with that nick, whoever made it; replies go back to the same channel. One
 * with more users (or another one pulled in later) shows as the IRC channel
 * `#@name`.
 *
 * @module
 */
import { nameKey, type Update } from "../../protocol/mod.ts";
import { ircNick } from "./names.ts";
import { ERR } from "./numerics.ts";
import { chatter, isMe, readable, say, showJoined } from "./render.ts";
import type { IrcSession } from "./session.ts";
import type { AnonView } from "./state.ts";

/** Messages waiting for their private channel to exist, by the other user's name key. */
const opening = new WeakMap<IrcSession, Map<string, { nick: string; texts: string[] }>>();

function openings(s: IrcSession): Map<string, { nick: string; texts: string[] }> {
  let m = opening.get(s);
  if (!m) opening.set(s, m = new Map());
  return m;
}

/** Say `text` privately to the Lichat user `name` (shown to IRC as `nick`). */
export function privateMessage(s: IrcSession, nick: string, name: string, text: string): void {
  const key = nameKey(name);
  const channel = s.queries.get(key);
  if (channel !== undefined && s.anon.has(nameKey(channel))) {
    s.lichat("message", { channel, text }, { kind: "message", target: nick });
    return;
  }
  const waiting = openings(s).get(key);
  if (waiting) {
    if (waiting.texts.length < s.options.maxQueue) waiting.texts.push(text);
    return;
  }
  openings(s).set(key, { nick, texts: [text] });
  s.lichat("create", {}, { kind: "query-create", nick, target: name });
}

/** The answer to a `create` for a private channel: pull the other user in, say what waited. */
export function queryCreated(s: IrcSession, channel: string, target: string): void {
  const key = nameKey(target);
  const waiting = openings(s).get(key);
  openings(s).delete(key);
  s.anon.set(nameKey(channel), { name: channel, mode: "query", peer: target, held: [] });
  s.queries.set(key, channel);
  const nick = waiting?.nick ?? ircNick(target);
  if (!isMe(s, target)) {
    s.lichat("pull", { channel, target }, { kind: "query-pull", nick, channel });
  }
  for (const text of waiting?.texts ?? []) {
    s.lichat("message", { channel, text }, { kind: "message", target: nick });
  }
}

/** The private channel could not be made: say why, for each waiting message's target. */
export function queryFailed(s: IrcSession, target: string, numeric: string, text: string): void {
  const waiting = openings(s).get(nameKey(target));
  openings(s).delete(nameKey(target));
  s.numeric(numeric, waiting?.nick ?? ircNick(target), text);
}

/**
 * The server dropped updates for flooding: a private channel still being
 * made may never be, so what waits for one is given up (and said so).
 */
export function abandonOpenings(s: IrcSession): void {
  const waiting = openings(s);
  for (const [id, p] of s.pending) {
    if (p.kind === "query-create") s.pending.delete(id);
  }
  for (const { nick } of waiting.values()) {
    s.numeric(ERR.NOSUCHNICK, nick, "Not sent: too many updates; try again later");
  }
  waiting.clear();
}

/** The other user could not be pulled in: leave the channel again. */
export function pullFailed(s: IrcSession, nick: string, channel: string, text: string): void {
  s.numeric(ERR.NOSUCHNICK, nick, text);
  forget(s, channel);
  s.lichat("leave", { channel });
}

function forget(s: IrcSession, channel: string): void {
  s.anon.delete(nameKey(channel));
  for (const [k, c] of s.queries) if (nameKey(c) === nameKey(channel)) s.queries.delete(k);
}

/** This user was pulled into an anonymous channel: ask who else is there. */
export function pulledIn(s: IrcSession, channel: string): void {
  s.anon.set(nameKey(channel), { name: channel, mode: "probe", held: [] });
  s.lichat("users", { channel }, { kind: "users", irc: channel, for: "probe" });
}

/** Its users are known: a query with the one other user, or a group channel. */
export function probed(s: IrcSession, view: AnonView, users: readonly string[], u: Update): void {
  const others = users.filter((n) => !isMe(s, n));
  if (others.length === 1) {
    view.mode = "query";
    view.peer = others[0];
    s.queries.set(nameKey(others[0]), view.name);
  } else toGroup(s, view, u);
  const held = view.held;
  view.held = [];
  for (const h of held) anonUpdate(s, view, h);
}

function toGroup(s: IrcSession, view: AnonView, u: Update): void {
  view.mode = "group";
  for (const [k, c] of s.queries) if (nameKey(c) === nameKey(view.name)) s.queries.delete(k);
  showJoined(s, view.name, u);
}

/** An update for an anonymous channel this user is in. */
export function anonUpdate(s: IrcSession, view: AnonView, u: Update): void {
  if (view.mode === "probe") {
    if (view.held.length < s.options.maxQueue) view.held.push(u);
    return;
  }
  if (view.mode === "group") {
    // Shown as a channel: the channel view renders it (server/irc/dispatch.ts).
    const shown = s.channels.get(nameKey(view.name));
    if (shown && u.type !== "join" && u.type !== "leave" && u.type !== "kick") chatter(s, shown, u);
    return;
  }
  const from = String(u.from);
  const peer = view.peer!;
  if (u.type === "join") {
    if (!isMe(s, from) && nameKey(from) !== nameKey(peer)) toGroup(s, view, u);
    return;
  }
  if (u.type === "leave" || u.type === "kick") {
    const gone = u.type === "kick" ? String(u.target) : from;
    if (isMe(s, gone)) return forget(s, view.name);
    if (nameKey(gone) !== nameKey(peer) || u.type === "kick") return;
    s.notice(`${ircNick(peer)} left your private conversation.`);
    forget(s, view.name);
    s.lichat("leave", { channel: view.name });
    return;
  }
  const text = readable(s, u);
  if (text === undefined || text === "") return;
  if (isMe(s, from)) {
    if (s.take(u.id, "message", "react") && !s.caps.has("echo-message")) return;
    return say(s, u, ircNick(peer), text);
  }
  s.queries.set(nameKey(from), view.name);
  say(s, u, s.nick, text);
}
