/**
 * IRC commands of a registered client, as Lichat updates (see the README's
 * "IRC clients" table). Commands that only read what the session already
 * knows (NAMES and WHO of a joined channel, MOTD, VERSION) are answered at
 * once; every other one is one or more updates through the parser stage.
 *
 * @module
 */
import { isValidName, nameKey } from "../../protocol/mod.ts";
import { PROTOCOL_VERSION } from "../updates/connect.ts";
import type { IrcMessage } from "./message.ts";
import { isChannelTarget, lichatChannel, lichatNick } from "./names.ts";
import { ERR, RPL } from "./numerics.ts";
import { modeCommand } from "./modes.ts";
import { privateMessage } from "./queries.ts";
import { capCommand } from "./registration.ts";
import { fromMsgid, keywordSym } from "./render.ts";
import { names, who } from "./replies.ts";
import type { IrcSession } from "./session.ts";
import { ctcp, fromIrcText } from "./text.ts";

type Command = (s: IrcSession, m: IrcMessage) => void;

function need(s: IrcSession, m: IrcMessage, n: number): boolean {
  if (m.params.length >= n && m.params[n - 1] !== "") return true;
  s.numeric(ERR.NEEDMOREPARAMS, m.command, "Not enough parameters");
  return false;
}

function channelOf(s: IrcSession, irc: string): string | undefined {
  const name = lichatChannel(irc);
  if (name === undefined) s.numeric(ERR.NOSUCHCHANNEL, irc, "No such channel (not a Lichat name)");
  return name;
}

function list(param: string | undefined): string[] {
  return (param ?? "").split(",").filter((x) => x !== "");
}

/** PRIVMSG and NOTICE: to channels, or privately to nicks. */
function message(s: IrcSession, m: IrcMessage): void {
  const notice = m.command === "NOTICE";
  if (m.params.length < 1) return void (notice || s.numeric(ERR.NORECIPIENT, "No recipient given"));
  const raw = m.params[1] ?? "";
  if (raw === "") return void (notice || s.numeric(ERR.NOTEXTTOSEND, "No text to send"));
  const text = fromIrcText(raw, s.name!);
  if (text === undefined) {
    if (!notice) s.notice(`CTCP ${ctcp(raw)!.command} is not carried to Lichat users.`);
    return;
  }
  const reply = fromMsgid(m.tags["+draft/reply"] ?? "");
  const replyTo = reply ? [reply.from, reply.id] : undefined;
  for (const target of list(m.params[0]).slice(0, 4)) {
    if (isChannelTarget(target)) {
      const channel = channelOf(s, target);
      if (channel === undefined) continue;
      s.lichat("message", { channel, text, "shirakumo:reply-to": replyTo }, {
        kind: "message",
        target,
        notice,
      });
      continue;
    }
    const name = lichatNick(target);
    if (name === undefined) {
      if (!notice) s.numeric(ERR.NOSUCHNICK, target, "No such nick (not a Lichat name)");
      continue;
    }
    privateMessage(s, target, name, text);
  }
}

/** TAGMSG with `+draft/react` on a message: a reaction. Other tag messages carry nothing to Lichat. */
function tagmsg(s: IrcSession, m: IrcMessage): void {
  const emote = m.tags["+draft/react"];
  const to = fromMsgid(m.tags["+draft/reply"] ?? "");
  const target = m.params[0];
  if (!emote || !to || !target) return;
  const channel = isChannelTarget(target)
    ? lichatChannel(target)
    : s.queries.get(nameKey(lichatNick(target) ?? ""));
  if (channel === undefined) return;
  s.lichat("shirakumo:react", { channel, target: to.from, "update-id": to.id, emote }, {
    kind: "react",
    target,
  });
}

function join(s: IrcSession, m: IrcMessage): void {
  if (!need(s, m, 1)) return;
  if (m.params[0] === "0") {
    for (const v of [...s.channels.values()]) {
      if (nameKey(v.name) !== nameKey(s.options.name)) {
        s.lichat("leave", { channel: v.name }, { kind: "part", irc: v.irc });
      }
    }
    return;
  }
  for (const irc of list(m.params[0])) {
    const channel = lichatChannel(irc);
    if (channel === undefined) {
      s.numeric(ERR.BADCHANNAME, irc, "Not a valid Lichat channel name");
      continue;
    }
    if (s.channels.has(nameKey(channel))) continue;
    s.lichat("join", { channel }, { kind: "join", channel, irc });
  }
}

function part(s: IrcSession, m: IrcMessage): void {
  if (!need(s, m, 1)) return;
  for (const irc of list(m.params[0])) {
    const channel = channelOf(s, irc);
    if (channel !== undefined) s.lichat("leave", { channel }, { kind: "part", irc });
  }
}

function topic(s: IrcSession, m: IrcMessage): void {
  if (!need(s, m, 1)) return;
  const irc = m.params[0];
  const channel = channelOf(s, irc);
  if (channel === undefined) return;
  if (m.params.length < 2) {
    s.lichat("shirakumo:channel-info", { channel, keys: [keywordSym("topic")] }, {
      kind: "topic",
      irc,
      onJoin: false,
    });
    return;
  }
  s.lichat("shirakumo:set-channel-info", {
    channel,
    key: keywordSym("topic"),
    text: fromIrcText(m.params[1], s.name!) ?? m.params[1],
  }, { kind: "set-topic", irc });
}

function namesCommand(s: IrcSession, m: IrcMessage): void {
  const irc = list(m.params[0])[0];
  if (irc === undefined) return s.numeric(RPL.ENDOFNAMES, "*", "End of /NAMES list");
  const channel = channelOf(s, irc);
  if (channel === undefined) return;
  const view = s.channels.get(nameKey(channel));
  if (view?.named) return names(s, view.irc, view.members.values());
  s.lichat("users", { channel }, { kind: "users", irc, for: "names" });
}

function whoCommand(s: IrcSession, m: IrcMessage): void {
  if (!need(s, m, 1)) return;
  const mask = m.params[0];
  if (isChannelTarget(mask)) {
    const channel = channelOf(s, mask);
    if (channel === undefined) return;
    const view = s.channels.get(nameKey(channel));
    if (view?.named) return who(s, view.irc, view.members.values());
    s.lichat("users", { channel }, { kind: "users", irc: mask, for: "who" });
    return;
  }
  const name = lichatNick(mask);
  if (name === undefined) return who(s, "*", [], mask);
  s.lichat("user-info", { target: name }, { kind: "user-info", nick: mask, for: "who" });
}

function whois(s: IrcSession, m: IrcMessage): void {
  if (!need(s, m, 1)) return;
  const nick = list(m.params[m.params.length - 1])[0] ?? "";
  const name = lichatNick(nick);
  if (name === undefined) {
    s.numeric(ERR.NOSUCHNICK, nick, "No such nick (not a Lichat name)");
    return s.numeric(RPL.ENDOFWHOIS, nick, "End of /WHOIS list");
  }
  s.lichat("user-info", { target: name }, { kind: "user-info", nick, for: "whois" });
}

function kick(s: IrcSession, m: IrcMessage): void {
  if (!need(s, m, 2)) return;
  const irc = m.params[0];
  const channel = channelOf(s, irc);
  if (channel === undefined) return;
  for (const nick of list(m.params[1])) {
    const target = lichatNick(nick);
    if (target === undefined) {
      s.numeric(ERR.NOSUCHNICK, nick, "No such nick (not a Lichat name)");
      continue;
    }
    s.lichat("kick", { channel, target }, { kind: "kick", irc, nick });
  }
}

function invite(s: IrcSession, m: IrcMessage): void {
  if (!need(s, m, 2)) return;
  const [nick, irc] = m.params;
  const target = lichatNick(nick);
  const channel = channelOf(s, irc);
  if (channel === undefined) return;
  if (target === undefined) return s.numeric(ERR.NOSUCHNICK, nick, "No such nick");
  s.lichat("pull", { channel, target }, { kind: "invite", irc, nick });
}

function away(s: IrcSession, m: IrcMessage): void {
  const text = m.params[0] ?? "";
  s.lichat("shirakumo:set-user-info", { key: keywordSym("status"), text }, {
    kind: "away",
    away: text !== "",
  });
}

/** The commands of a registered client. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  PRIVMSG: message,
  NOTICE: message,
  TAGMSG: tagmsg,
  JOIN: join,
  PART: part,
  TOPIC: topic,
  NAMES: namesCommand,
  WHO: whoCommand,
  WHOIS: whois,
  LIST: (s) => void s.lichat("channels", {}, { kind: "channels" }),
  KICK: kick,
  INVITE: invite,
  MODE: modeCommand,
  AWAY: away,
  CAP: capCommand,
  PING: (s, m) => void s.lichat("ping", {}, { kind: "ping", token: m.params[0] ?? "" }),
  PONG: (s, m) => {
    const id = Number(m.params[m.params.length - 1]);
    if (Number.isSafeInteger(id) && id >= 0) s.lichat("pong", { id });
  },
  QUIT: (s) => void s.lichat("disconnect", {}, { kind: "quit" }),
  NICK: (s, m) => {
    const name = lichatNick(m.params[0] ?? "");
    if (name !== undefined && isValidName(name) && nameKey(name) === nameKey(s.name!)) return;
    s.numeric(ERR.ERRONEUSNICKNAME, m.params[0] ?? "*", "A Lichat connection keeps its name");
  },
  USER: (s) => s.numeric(ERR.ALREADYREGISTERED, "You may not reregister"),
  PASS: (s) => s.numeric(ERR.ALREADYREGISTERED, "You may not reregister"),
  AUTHENTICATE: (s) => s.numeric(ERR.SASLALREADY, "You have already authenticated"),
  MOTD: (s) => s.numeric(ERR.NOMOTD, "The MOTD was shown at connect"),
  VERSION: (s) =>
    s.numeric(RPL.VERSION, `lichat-deno-${PROTOCOL_VERSION}`, s.server, "IRC gateway to Lichat"),
};

/** Does the command only read what the session knows (no update for it)? */
export function isLocal(m: IrcMessage, s: IrcSession): boolean {
  switch (m.command) {
    case "NAMES":
    case "WHO": {
      const c = lichatChannel(m.params[0] ?? "");
      return c === undefined || s.channels.get(nameKey(c))?.named === true;
    }
    case "MODE":
      return !(m.params[0] ?? "").startsWith("#");
    case "PRIVMSG":
    case "NOTICE":
    case "TAGMSG":
    case "JOIN":
    case "PART":
    case "TOPIC":
    case "WHOIS":
    case "LIST":
    case "KICK":
    case "INVITE":
    case "AWAY":
    case "PING":
    case "PONG":
    case "QUIT":
      return false;
  }
  return true;
}
