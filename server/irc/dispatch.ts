/**
 * Where each IRC line and each Lichat update goes: registration first, then
 * the command table one way and the renderers the other.
 *
 * @module
 */
import { defaultRegistry, nameKey, type Update } from "../../protocol/mod.ts";
import { COMMANDS, isLocal } from "./commands.ts";
import type { IrcMessage } from "./message.ts";
import { ERR, RPL } from "./numerics.ts";
import { modeAnswer } from "./modes.ts";
import { anonUpdate, probed, pulledIn, queryCreated } from "./queries.ts";
import { connected, connectFailed, motd, registering } from "./registration.ts";
import { chatter, isMe, membership, showJoined } from "./render.ts";
import { answer, failed, names, who } from "./replies.ts";
import type { IrcSession, SessionLogic } from "./session.ts";

/**
 * Flood control for what is answered without an update (registration,
 * NAMES of a joined channel, unknown commands): the `--flood-limit` per
 * `--flood-frame` of the parser stage, counted apart from the updates.
 * Over the limit a line is dropped, and over twice it the connection closed.
 */
function floodOk(s: IrcSession): boolean {
  const o = s.options;
  const now = s.clock.now();
  const f = s.flood;
  if (now - f.start >= o.floodFrame * 1000) {
    f.start = now;
    f.count = 0;
    f.warned = false;
  }
  f.count++;
  if (f.count <= o.floodLimit) return true;
  if (f.count > o.floodLimit * 2) {
    s.fatal("Closing link: flooding");
  } else if (!f.warned) {
    f.warned = true;
    s.notice(
      `More than ${o.floodLimit} commands in ${o.floodFrame} seconds; they are dropped until the window ends.`,
    );
  }
  return false;
}

function line(s: IrcSession, m: IrcMessage): void {
  if (!s.reg.welcomed) {
    if (!floodOk(s)) return;
    return registering(s, m);
  }
  if (isLocal(m, s) && !floodOk(s)) return;
  const command = COMMANDS[m.command];
  if (!command) return s.numeric(ERR.UNKNOWNCOMMAND, m.command, "Unknown command");
  command(s, m);
}

function isFailure(type: string): boolean {
  return defaultRegistry.isSubclass(type, "failure");
}

function update(s: IrcSession, u: Update): void {
  if (u.type === "connect") return connected(s, u);
  if (!s.reg.welcomed) {
    if (isFailure(u.type) && connectFailed(s, u)) return;
    // The server refuses the connection before any connect (full, or shut down).
    if (isFailure(u.type)) return s.error(`Closing link: ${String(u.text ?? u.type)}`);
    if (u.type === "disconnect") return;
    // Shown once 001 is out (after SASL the updates come before CAP END).
    if (s.held.length < s.options.maxQueue) s.held.push(u);
    return;
  }
  route(s, u);
}

function route(s: IrcSession, u: Update): void {
  if (isFailure(u.type)) return failed(s, u);
  switch (u.type) {
    case "ping":
      return s.write({ tags: {}, source: s.server, command: "PING", params: [String(u.id)] });
    case "disconnect":
      return s.fatal("Closing link");
    case "users":
      return users(s, u);
    case "permissions":
    case "grant":
    case "deny":
      return void modeAnswer(s, u);
    case "shirakumo:set-user-info": {
      const p = s.take(u.id, "away");
      if (p?.away) s.numeric(RPL.NOWAWAY, "You have been marked as being away");
      else if (p) s.numeric(RPL.UNAWAY, "You are no longer marked as being away");
      return;
    }
  }
  if (answer(s, u)) return;
  if (typeof u.channel !== "string") return;
  const key = nameKey(u.channel);
  if (
    s.motdPending && u.type === "message" && key === nameKey(s.options.name) &&
    nameKey(String(u.from)) === key
  ) {
    return motd(s, String(u.text ?? ""));
  }
  if (u.type === "join" && isMe(s, u.from)) return selfJoin(s, u);
  const view = s.channels.get(key);
  if (view) {
    const playing = s.playback.get(key);
    if (u.type === "join" || u.type === "leave" || u.type === "kick") {
      if (playing) return; // history: the users list is now
      const invited = u.type === "join" ? s.take(u.id, "invite") : undefined;
      if (invited) s.numeric(RPL.INVITING, invited.nick, invited.irc);
      membership(s, view, u);
      if (u.type === "leave" && isMe(s, u.from)) s.anon.delete(key);
      return;
    }
    return chatter(s, view, u, playing);
  }
  const anon = s.anon.get(key);
  if (anon) anonUpdate(s, anon, u);
}

function selfJoin(s: IrcSession, u: Update): void {
  const channel = String(u.channel);
  const key = nameKey(channel);
  const p = s.take(u.id, "join", "create", "query-create");
  if (p?.kind === "query-create") return queryCreated(s, channel, p.target);
  if (s.channels.has(key) || s.anon.has(key)) return;
  if (channel.startsWith("@") && !p) return pulledIn(s, channel);
  const view = showJoined(s, channel, u);
  // A channel this user was in already: its backlog as a chathistory batch.
  if (
    s.rejoining && s.caps.has("batch") && s.caps.has("server-time") &&
    key !== nameKey(s.options.name)
  ) {
    const batch = crypto.randomUUID().slice(0, 8);
    s.playback.set(key, batch);
    s.write({
      tags: {},
      source: s.server,
      command: "BATCH",
      params: ["+" + batch, "chathistory", view.irc],
    });
    s.lichat("shirakumo:backfill", { channel }, { kind: "backfill", irc: view.irc, batch });
  }
}

function users(s: IrcSession, u: Update): void {
  const p = s.take(u.id, "users");
  if (!p) return;
  const list = (Array.isArray(u.users) ? u.users : []).filter((x) => typeof x === "string");
  const key = nameKey(String(u.channel));
  if (p.for === "probe") {
    const anon = s.anon.get(key);
    if (anon) probed(s, anon, list as string[], u);
    return;
  }
  if (p.for === "who") return who(s, p.irc, list as string[]);
  const view = s.channels.get(key);
  if (p.for === "join" && view) {
    view.members.clear();
    for (const n of list as string[]) view.members.set(nameKey(n), n);
    view.named = true;
  }
  names(s, view?.irc ?? p.irc, list as string[]);
}

function closed(s: IrcSession): boolean {
  if (!s.reg.welcomed && s.reg.retry && s.open) {
    s.openLink();
    return true;
  }
  s.error("Closing link");
  return false;
}

/** The gateway's logic, for {@linkcode IrcSession}. */
export const LOGIC: SessionLogic = { line, update, closed };
