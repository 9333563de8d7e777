/**
 * What Lichat users do, as IRC lines: joins, leaves, kicks, messages,
 * edits, reactions, data and topics. Anonymous channels with one other
 * user are private conversations (server/irc/queries.ts).
 *
 * @module
 */
import {
  fromUniversalTime,
  isSym,
  KEYWORD,
  makeSym,
  nameKey,
  type Sym,
  type Update,
} from "../../protocol/mod.ts";
import { formatMessage } from "./message.ts";
import { ircChannel, ircNick } from "./names.ts";
import type { IrcSession } from "./session.ts";
import type { ChannelView } from "./state.ts";
import { IRC_LINE_BYTES, toIrcLines } from "./text.ts";

const encoder = new TextEncoder();

/** Is `name` this session's Lichat user? */
export function isMe(s: IrcSession, name: unknown): boolean {
  return typeof name === "string" && s.name !== undefined && nameKey(name) === nameKey(s.name);
}

/** The msgid tag of an update: its sender and id, so that replies and reactions can name it. */
export function msgid(from: string, id: unknown): string {
  const bytes = encoder.encode(`${String(id)} ${from}`);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(
    /=+$/,
    "",
  );
}

/** The sender and id a msgid stands for. */
export function fromMsgid(tag: string): { from: string; id: number } | undefined {
  try {
    const b = atob(tag.replace(/-/g, "+").replace(/_/g, "/"));
    const text = new TextDecoder().decode(Uint8Array.from(b, (c) => c.charCodeAt(0)));
    const sp = text.indexOf(" ");
    const id = Number(text.slice(0, sp));
    return sp > 0 && Number.isSafeInteger(id) ? { from: text.slice(sp + 1), id } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The IRCv3 tags an update's lines carry, as the client asked for them:
 * its time, its batch, and for what was said its msgid and what it replies to.
 */
export function tagsOf(
  s: IrcSession,
  u: Update,
  batch?: string,
  said = false,
): Record<string, string> {
  const tags: Record<string, string> = {};
  if (batch && s.caps.has("batch")) tags.batch = batch;
  if (s.caps.has("server-time") && u.clock !== undefined) {
    tags.time = new Date(fromUniversalTime(u.clock)).toISOString();
  }
  if (said && s.caps.has("message-tags") && typeof u.from === "string") {
    tags.msgid = msgid(u.from, u.id);
    const r = u["shirakumo:reply-to"];
    if (Array.isArray(r) && typeof r[0] === "string") tags["+draft/reply"] = msgid(r[0], r[1]);
  }
  return tags;
}

/** The lines of a text said by `from` to `target`, as PRIVMSG or NOTICE, cut to fit. */
export function say(
  s: IrcSession,
  u: Update,
  target: string,
  text: string,
  command = "PRIVMSG",
  batch?: string,
): void {
  // The members of a channel with the same capabilities get the same lines:
  // made for the first, reused for the rest.
  const key = `${command} ${target} ${batch ?? ""} ${s.caps.has("server-time")} ${
    s.caps.has("message-tags")
  } ${text}`;
  const made = rendered.get(u);
  if (made?.key === key) return s.writeLines(made.lines);
  const from = String(u.from);
  const source = s.prefix(from);
  const overhead = encoder.encode(`:${source} ${command} ${target} :`).length + 2;
  const { action, lines } = toIrcLines(text, from, IRC_LINE_BYTES - overhead);
  const tags = tagsOf(s, u, batch, true);
  const out = lines.map((l) =>
    formatMessage({ tags, source, command, params: [target, action ? `\x01ACTION ${l}\x01` : l] })
  );
  rendered.set(u, { key, lines: out });
  s.writeLines(out);
}

/** The lines last made of an update, and for what (see {@linkcode say}). */
const rendered = new WeakMap<Update, { key: string; lines: readonly string[] }>();

/** A channel message, edit, reaction or data as the text IRC shows; undefined for none. */
export function readable(s: IrcSession, u: Update): string | undefined {
  const from = String(u.from);
  const act = (what: string) => `*${from} ${what}*`;
  switch (u.type) {
    case "message": {
      const link = u["shirakumo:link"];
      const text = String(u.text ?? "");
      return typeof link === "string" ? act(`shared a file: ${text} (${link})`) : text;
    }
    case "shirakumo:edit": {
      const text = String(u.text ?? "");
      return text === "" ? act("deleted a message") : act(`edited a message: ${text}`);
    }
    case "shirakumo:react": {
      const whose = isMe(s, u.target) ? "your" : `${ircNick(String(u.target))}'s`;
      return act(`reacted ${String(u.emote)} to ${whose} message`);
    }
    case "shirakumo:data": {
      const name = typeof u.filename === "string" ? `${u.filename} ` : "";
      return act(`sent a file: ${name}(${String(u["content-type"])}), which IRC cannot show`);
    }
  }
  return undefined;
}

/** Show a joined channel and ask for its topic and users (what IRC sends after JOIN). */
export function showJoined(s: IrcSession, name: string, u: Update): ChannelView {
  const view: ChannelView = {
    name,
    irc: ircChannel(name),
    members: new Map([[nameKey(s.name!), s.name!]]),
    named: false,
  };
  s.channels.set(nameKey(name), view);
  s.write({ tags: tagsOf(s, u), source: s.prefix(s.name!), command: "JOIN", params: [view.irc] });
  s.lichat("shirakumo:channel-info", { channel: name, keys: [keywordSym("topic")] }, {
    kind: "topic",
    irc: view.irc,
    onJoin: true,
  });
  s.lichat("users", { channel: name }, { kind: "users", irc: view.irc, for: "join" });
  return view;
}

/** A member joined, left or was kicked from a shown channel. */
export function membership(s: IrcSession, view: ChannelView, u: Update): void {
  const from = String(u.from);
  const key = nameKey(from);
  if (u.type === "join") {
    view.members.set(key, from);
    s.write({ tags: tagsOf(s, u), source: s.prefix(from), command: "JOIN", params: [view.irc] });
    return;
  }
  if (u.type === "kick") {
    const target = String(u.target);
    s.kicked.add(`${nameKey(view.name)} ${nameKey(target)}`);
    s.write({
      tags: tagsOf(s, u),
      source: s.prefix(from),
      command: "KICK",
      params: [view.irc, ircNick(target), ircNick(from)],
    });
    return;
  }
  // leave
  view.members.delete(key);
  const mark = `${nameKey(view.name)} ${key}`;
  const afterKick = s.kicked.delete(mark);
  if (!afterKick) {
    s.write({ tags: tagsOf(s, u), source: s.prefix(from), command: "PART", params: [view.irc] });
  }
  if (isMe(s, from)) s.channels.delete(nameKey(view.name));
}

/** A channel's chatter: message, edit, reaction, data, topic. */
export function chatter(s: IrcSession, view: ChannelView, u: Update, batch?: string): void {
  if (u.type === "shirakumo:set-channel-info") {
    if (!isSym(u.key) || u.key.name !== "topic") return;
    s.write({
      tags: tagsOf(s, u, batch),
      source: s.prefix(String(u.from)),
      command: "TOPIC",
      params: [view.irc, String(u.text ?? "")],
    });
    return;
  }
  const text = readable(s, u);
  if (text === undefined || text === "") return;
  if (isMe(s, u.from) && s.take(u.id, "message", "react") && !s.caps.has("echo-message")) return;
  const fromServer = nameKey(String(u.from)) === nameKey(s.options.name);
  say(s, u, view.irc, text, fromServer ? "NOTICE" : "PRIVMSG", batch);
}

/** The keyword symbol of a Lichat info key (`:topic`). */
export function keywordSym(name: string): Sym {
  return makeSym(name, KEYWORD);
}
