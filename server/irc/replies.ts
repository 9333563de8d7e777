/**
 * Answers to the gateway's requests as IRC numerics: `users` as NAMES or
 * WHO, `user-info` as WHOIS or WHO, `channels` as LIST, `channel-info` as
 * the topic, `pong` as PONG, the end of a backfill as the end of its batch;
 * and every Lichat failure as the numeric the IRC command it came from has
 * for it.
 *
 * @module
 */
import { isSym, nameKey, type Update } from "../../protocol/mod.ts";
import { ircChannel, ircNick } from "./names.ts";
import { ERR, RPL } from "./numerics.ts";
import { abandonOpenings, pullFailed, queryFailed } from "./queries.ts";
import type { IrcSession } from "./session.ts";
import type { Pending } from "./state.ts";

const encoder = new TextEncoder();

/** 353s of `nicks` (cut to fit a line) and the 366. */
export function names(s: IrcSession, irc: string, users: Iterable<string>): void {
  const room = 400 - encoder.encode(irc + s.nick).length;
  let line: string[] = [];
  let size = 0;
  const flush = () => {
    if (line.length > 0) s.numeric(RPL.NAMREPLY, "=", irc, line.join(" "));
    line = [];
    size = 0;
  };
  for (const n of users) {
    const nick = ircNick(n);
    const len = encoder.encode(nick).length + 1;
    if (size + len > room) flush();
    line.push(nick);
    size += len;
  }
  flush();
  s.numeric(RPL.ENDOFNAMES, irc, "End of /NAMES list");
}

/** 352s of `users` in `irc` (or `*`), and the 315 for `mask`. */
export function who(s: IrcSession, irc: string, users: Iterable<string>, mask = irc): void {
  for (const n of users) {
    const nick = ircNick(n);
    s.numeric(RPL.WHOREPLY, irc, "lichat", s.host, s.server, nick, "H", `0 ${nick}`);
  }
  s.numeric(RPL.ENDOFWHO, mask, "End of WHO list");
}

function infoOf(u: Update, key: string): string | undefined {
  const info = u["shirakumo:info"];
  if (!Array.isArray(info)) return undefined;
  for (const pair of info) {
    if (Array.isArray(pair) && isSym(pair[0]) && pair[0].name === key) return String(pair[1]);
  }
  return undefined;
}

function userInfo(s: IrcSession, p: Extract<Pending, { kind: "user-info" }>, u: Update): void {
  const name = String(u.target);
  const nick = ircNick(name);
  const online = Number(u.connections ?? 0) > 0;
  if (p.for === "who") return who(s, "*", online ? [name] : [], p.nick);
  if (!online) {
    s.numeric(ERR.NOSUCHNICK, nick, "Registered, but not connected");
  } else {
    s.numeric(RPL.WHOISUSER, nick, "lichat", s.host, "*", infoOf(u, "real-name") ?? nick);
    s.numeric(RPL.WHOISSERVER, nick, s.server, `Lichat, ${u.connections} connection(s)`);
    const status = infoOf(u, "status");
    if (status) s.numeric(RPL.AWAY, nick, status);
  }
  if (isSym(u.registered) && u.registered.name === "t") {
    s.numeric(RPL.WHOISACCOUNT, nick, nick, "is logged in as");
  }
  s.numeric(RPL.ENDOFWHOIS, nick, "End of /WHOIS list");
}

/**
 * An answer (not a failure) to one of the gateway's requests; false if
 * `u` answers none of them.
 */
export function answer(s: IrcSession, u: Update): boolean {
  switch (u.type) {
    case "pong": {
      const p = s.take(u.id, "ping");
      if (p) s.write({ tags: {}, source: s.server, command: "PONG", params: [s.server, p.token] });
      return p !== undefined;
    }
    case "channels": {
      if (!s.take(u.id, "channels")) return false;
      s.numeric(RPL.LISTSTART, "Channel", "Users Name");
      for (const c of Array.isArray(u.channels) ? u.channels : []) {
        // The counts and topics are not in the reply; asking for each would be a request per channel.
        if (typeof c === "string") s.numeric(RPL.LIST, ircChannel(c), "0", "");
      }
      s.numeric(RPL.LISTEND, "End of /LIST");
      return true;
    }
    case "user-info": {
      const p = s.take(u.id, "user-info");
      if (p) userInfo(s, p, u);
      return p !== undefined;
    }
    case "shirakumo:backfill": {
      const p = s.take(u.id, "backfill");
      if (!p) return false;
      s.playback.delete(nameKey(String(u.channel)));
      s.write({ tags: {}, source: s.server, command: "BATCH", params: ["-" + p.batch] });
      return true;
    }
    case "shirakumo:set-channel-info": {
      const p = s.take(u.id, "topic");
      if (!p) return false;
      const text = String(u.text ?? "");
      if (text !== "") s.numeric(RPL.TOPIC, p.irc, text);
      else if (!p.onJoin) s.numeric(RPL.NOTOPIC, p.irc, "No topic is set");
      return true;
    }
  }
  return false;
}

/** The numeric for a failure of `p`: code, parameters before the text. */
function numericFor(s: IrcSession, p: Pending, type: string): [string, ...string[]] | undefined {
  const denied = type === "insufficient-permissions";
  const gone = type === "no-such-channel";
  switch (p.kind) {
    case "join":
    case "create":
      if (type === "too-many-channels") return [ERR.TOOMANYCHANNELS, p.irc];
      if (type === "bad-name") return [ERR.BADCHANNAME, p.irc];
      return [denied ? ERR.INVITEONLYCHAN : ERR.NOSUCHCHANNEL, p.irc];
    case "part":
      return [gone ? ERR.NOSUCHCHANNEL : denied ? ERR.CHANOPRIVSNEEDED : ERR.NOTONCHANNEL, p.irc];
    case "grant":
      if (type === "no-such-user" && p.nick) return [ERR.NOSUCHNICK, p.nick];
      /* falls through */
    case "topic":
    case "set-topic":
    case "mode":
      return [gone ? ERR.NOSUCHCHANNEL : denied ? ERR.CHANOPRIVSNEEDED : ERR.NOTONCHANNEL, p.irc];
    case "kick":
    case "invite": {
      if (type === "no-such-user") return [ERR.NOSUCHNICK, p.nick];
      if (gone) return [ERR.NOSUCHCHANNEL, p.irc];
      if (denied) return [ERR.CHANOPRIVSNEEDED, p.irc];
      if (type === "already-in-channel") return [ERR.USERONCHANNEL, p.nick, p.irc];
      if (type === "too-many-channels") return [ERR.TOOMANYCHANNELS, p.irc];
      const inIt = s.channels.has(nameKey(p.irc.slice(1)));
      return inIt && p.kind === "kick"
        ? [ERR.USERNOTINCHANNEL, p.nick, p.irc]
        : [ERR.NOTONCHANNEL, p.irc];
    }
    case "message":
    case "react":
      if (type === "update-too-long") return [ERR.INPUTTOOLONG];
      if (p.target.startsWith("#") && gone) return [ERR.NOSUCHCHANNEL, p.target];
      return [p.target.startsWith("#") ? ERR.CANNOTSENDTOCHAN : ERR.NOSUCHNICK, p.target];
    case "users":
      return p.for === "who"
        ? [RPL.ENDOFWHO, p.irc]
        : p.for === "names"
        ? [RPL.ENDOFNAMES, p.irc]
        : undefined;
    case "channels":
      return [RPL.LISTEND];
    case "mode-query":
      return p.bans ? [RPL.ENDOFBANLIST, p.irc] : [RPL.CHANNELMODEIS, p.irc, "+"];
  }
  return undefined;
}

/** A failure from the server: the numeric for the request it answers, or a NOTICE. */
export function failed(s: IrcSession, u: Update): void {
  const ref = u["update-id"] ?? u.id;
  const p = s.peek(ref);
  const text = String(u.text ?? u.type);
  if (p) s.pending.delete(String(ref));
  if (p?.kind === "join" && u.type === "no-such-channel") {
    // IRC makes a channel by joining it.
    s.lichat("create", { channel: p.channel }, { kind: "create", channel: p.channel, irc: p.irc });
    return;
  }
  if (p?.kind === "join" && u.type === "already-in-channel") return;
  if (p?.kind === "create" && u.type === "channelname-taken") {
    s.lichat("join", { channel: p.channel }, { kind: "join", channel: p.channel, irc: p.irc });
    return;
  }
  if (p?.kind === "query-create") {
    const code = u.type === "too-many-channels" ? ERR.TOOMANYCHANNELS : ERR.NOSUCHNICK;
    return queryFailed(s, p.target, code, text);
  }
  if (p?.kind === "query-pull") return pullFailed(s, p.nick, p.channel, text);
  if (p?.kind === "backfill") {
    s.playback.delete(nameKey(p.irc.slice(1)));
    s.write({ tags: {}, source: s.server, command: "BATCH", params: ["-" + p.batch] });
    return;
  }
  if (u.type === "too-many-updates") {
    s.notice(text);
    return abandonOpenings(s);
  }
  // A MODE's grants fail alike; the last one says so.
  if (p?.kind === "grant" && p.shown === undefined) return;
  if (p?.kind === "message" && p.notice) return; // NOTICE is never answered (RFC 2812 §3.3.2)
  if (p?.kind === "user-info") {
    if (p.for === "who") return who(s, "*", [], p.nick);
    s.numeric(ERR.NOSUCHNICK, p.nick, text);
    return s.numeric(RPL.ENDOFWHOIS, p.nick, "End of /WHOIS list");
  }
  const n = p ? numericFor(s, p, u.type) : undefined;
  if (n) {
    const [code, ...params] = n;
    // A 324 says what it says; elsewhere the text is Lichat's reason.
    return code === RPL.CHANNELMODEIS
      ? s.numeric(code, ...params)
      : s.numeric(code, ...params, text);
  }
  if (u.type === "update-too-long") return s.numeric(ERR.INPUTTOOLONG, text);
  if (p?.kind === "users" && p.for === "probe") return;
  s.notice(`${u.type}: ${text}`);
}
