/**
 * Registration: IRCv3 capability negotiation (CAP LS 302, REQ, LIST, END),
 * NICK, USER, PASS and SASL PLAIN, which end in one Lichat `connect`:
 * `from` the nick (or the SASL account), with PASS or the SASL password as
 * its `password`. The connect's answer becomes the welcome burst, or the
 * numeric its failure maps to.
 *
 * @module
 */
import { isValidName, nameKey, type Update } from "../../protocol/mod.ts";
import { PROTOCOL_VERSION } from "../updates/connect.ts";
import type { IrcMessage } from "./message.ts";
import { ircNick, lichatNick } from "./names.ts";
import { ERR, RPL } from "./numerics.ts";
import type { IrcSession } from "./session.ts";

/** The capabilities offered, `sasl` with its mechanism from CAP LS 302 on. */
export const CAPS: readonly string[] = [
  "batch",
  "echo-message",
  "message-tags",
  "sasl",
  "server-time",
];

/** The extensions the gateway's Lichat side announces: those it can show to IRC. */
export const RENDERED_EXTENSIONS: readonly string[] = [
  "shirakumo-backfill",
  "shirakumo-bridge",
  "shirakumo-channel-info",
  "shirakumo-data",
  "shirakumo-edit",
  "shirakumo-link",
  "shirakumo-reactions",
  "shirakumo-replies",
  "shirakumo-user-info",
];

/** The longest SASL response taken, in base64 characters. */
const SASL_MAX = 1600;

function cap(s: IrcSession, sub: string, ...params: string[]): void {
  s.write({ tags: {}, source: s.server, command: "CAP", params: [s.nick, sub, ...params] });
}

/** CAP, before and after registration. */
export function capCommand(s: IrcSession, m: IrcMessage): void {
  const sub = (m.params[0] ?? "").toUpperCase();
  if (sub === "LS") {
    if (!s.reg.welcomed) s.reg.negotiating = true;
    const v302 = Number(m.params[1] ?? 0) >= 302;
    cap(s, "LS", CAPS.map((c) => c === "sasl" && v302 ? "sasl=PLAIN" : c).join(" "));
  } else if (sub === "LIST") {
    cap(s, "LIST", [...s.caps].join(" "));
  } else if (sub === "REQ") {
    if (!s.reg.welcomed) s.reg.negotiating = true;
    const asked = (m.params[1] ?? "").split(" ").filter((c) => c !== "");
    const known = asked.every((c) => CAPS.includes(c.replace(/^-/, "")));
    if (!known || asked.length === 0) return cap(s, "NAK", m.params[1] ?? "");
    for (const c of asked) {
      if (c.startsWith("-")) s.caps.delete(c.slice(1));
      else s.caps.add(c);
    }
    cap(s, "ACK", m.params[1]!);
  } else if (sub === "END") {
    s.reg.negotiating = false;
    finishRegistration(s);
  } else {
    s.numeric("410", sub || "*", "Invalid CAP command");
  }
}

/** A command before registration is complete. */
export function registering(s: IrcSession, m: IrcMessage): void {
  switch (m.command) {
    case "CAP":
      return capCommand(s, m);
    case "PASS":
      if (m.params.length < 1) {
        return s.numeric(ERR.NEEDMOREPARAMS, "PASS", "Not enough parameters");
      }
      s.reg.pass = m.params[0];
      return;
    case "NICK":
      return nick(s, m);
    case "USER":
      if (m.params.length < 4) {
        return s.numeric(ERR.NEEDMOREPARAMS, "USER", "Not enough parameters");
      }
      s.reg.user = true;
      return finishRegistration(s);
    case "AUTHENTICATE":
      return authenticate(s, m);
    case "PING":
      s.write({
        tags: {},
        source: s.server,
        command: "PONG",
        params: [s.server, m.params[0] ?? ""],
      });
      return;
    case "QUIT":
      return s.fatal("Closing link (quit)");
    default:
      s.numeric(ERR.NOTREGISTERED, "You have not registered");
  }
}

function nick(s: IrcSession, m: IrcMessage): void {
  const given = m.params[0];
  if (!given) return s.numeric(ERR.NONICKNAMEGIVEN, "No nickname given");
  const name = lichatNick(given);
  if (name === undefined) {
    return s.numeric(
      ERR.ERRONEUSNICKNAME,
      given,
      "Not a valid Lichat name: 1 to 32 letters, marks, numbers, punctuation, symbols or single spaces (%20)",
    );
  }
  s.reg.nick = name;
  s.nick = given;
  finishRegistration(s);
}

function authenticate(s: IrcSession, m: IrcMessage): void {
  const arg = m.params[0] ?? "";
  if (!s.caps.has("sasl")) {
    return s.numeric(ERR.UNKNOWNCOMMAND, "AUTHENTICATE", "Request sasl first");
  }
  if (s.reg.sasl === "done" || s.name !== undefined) {
    return s.numeric(ERR.SASLALREADY, "You have already authenticated");
  }
  if (arg === "*") {
    s.reg.sasl = undefined;
    s.reg.saslData = "";
    return s.numeric(ERR.SASLABORTED, "SASL authentication aborted");
  }
  if (s.reg.sasl === undefined) {
    if (arg.toUpperCase() !== "PLAIN") {
      s.numeric(ERR.SASLMECHS, "PLAIN", "are available SASL mechanisms");
      return s.numeric(ERR.SASLFAIL, "SASL authentication failed");
    }
    s.reg.sasl = "mechanism";
    s.write({ tags: {}, command: "AUTHENTICATE", params: ["+"] });
    return;
  }
  if (s.reg.sasl !== "mechanism") return; // the connect is on its way
  if (arg !== "+") s.reg.saslData += arg;
  if (s.reg.saslData.length > SASL_MAX) {
    s.reg.sasl = undefined;
    s.reg.saslData = "";
    return s.numeric(ERR.SASLTOOLONG, "SASL message too long");
  }
  if (arg.length === 400) return; // more follows
  const creds = plain(s.reg.saslData);
  s.reg.saslData = "";
  if (!creds) {
    s.reg.sasl = undefined;
    return s.numeric(
      ERR.SASLFAIL,
      "SASL authentication failed: not a PLAIN response for a Lichat name",
    );
  }
  s.reg.sasl = "sent";
  connect(s, creds.name, creds.password, true);
}

/** The account and password of a PLAIN response; the authorization identity, if given, must be the account. */
function plain(b64: string): { name: string; password: string } | undefined {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(
      Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)),
    );
  } catch {
    return undefined;
  }
  const parts = text.split("\0");
  if (parts.length !== 3) return undefined;
  const [authz, name, password] = parts;
  if (!isValidName(name) || (authz !== "" && nameKey(authz) !== nameKey(name))) return undefined;
  return { name, password };
}

function connect(s: IrcSession, name: string, password: string | undefined, sasl: boolean): void {
  s.lichat("connect", {
    version: PROTOCOL_VERSION,
    from: name,
    password,
    extensions: [...RENDERED_EXTENSIONS],
  }, { kind: "connect", sasl });
}

/** Registration ends once NICK and USER came, CAP negotiation ended and any SASL finished. */
export function finishRegistration(s: IrcSession): void {
  const r = s.reg;
  if (r.welcomed || r.negotiating || r.nick === undefined || !r.user) return;
  if (r.sasl === "sent" || r.sasl === "mechanism") return;
  if (s.name !== undefined) return welcome(s);
  if ([...s.pending.values()].some((p) => p.kind === "connect")) return;
  connect(s, r.nick, r.pass, false);
}

/** The answer to the connect: logged in; welcomed, unless registration still goes on. */
export function connected(s: IrcSession, u: Update): void {
  const p = s.take(u.id, "connect");
  if (!p) return;
  s.name = String(u.from);
  s.rejoining = true;
  if (p.sasl) {
    s.reg.sasl = "done";
    const account = ircNick(s.name);
    s.numeric(RPL.LOGGEDIN, s.prefix(s.name), account, `You are now logged in as ${account}`);
    s.numeric(RPL.SASLSUCCESS, "SASL authentication successful");
  }
  finishRegistration(s);
}

/** A failure of the connect: the numeric IRC has for it; may the client try again? */
export function connectFailed(s: IrcSession, u: Update): boolean {
  const p = s.take(u["update-id"] ?? u.id, "connect");
  if (!p) return false;
  const text = String(u.text ?? u.type);
  const nick = s.nick;
  if (p.sasl) {
    s.reg.sasl = undefined;
    s.numeric(ERR.SASLFAIL, `SASL authentication failed: ${text}`);
    s.reg.retry = u.type !== "too-many-connections";
  } else if (u.type === "username-taken") {
    s.numeric(ERR.NICKNAMEINUSE, nick, `${text} Use another nick, or PASS or SASL to log in.`);
    s.reg.nick = undefined;
    s.reg.retry = true;
  } else if (u.type === "bad-name") {
    s.numeric(ERR.ERRONEUSNICKNAME, nick, text);
    s.reg.nick = undefined;
    s.reg.retry = true;
  } else if (u.type === "invalid-password" || u.type === "no-such-profile") {
    s.numeric(ERR.PASSWDMISMATCH, text);
  }
  if (!s.reg.retry) s.error(`Closing link: ${text}`);
  return true;
}

/** 001–005 and the updates held back for them. */
export function welcome(s: IrcSession): void {
  const r = s.reg;
  r.welcomed = true;
  s.nick = ircNick(s.name!);
  const network = s.options.name;
  s.numeric(RPL.WELCOME, `Welcome to the ${network} Lichat network, ${s.nick}`);
  s.numeric(RPL.YOURHOST, `Your host is ${s.server}, an IRC gateway to Lichat ${PROTOCOL_VERSION}`);
  s.numeric(RPL.CREATED, `This server speaks Lichat ${PROTOCOL_VERSION} and IRC`);
  s.numeric(RPL.MYINFO, s.server, "lichat-deno", "o", "bimntv", "bov");
  s.numeric(
    RPL.ISUPPORT,
    "CASEMAPPING=ascii",
    "CHANTYPES=#",
    "CHANMODES=b,,,imt",
    "PREFIX=(ov)@+",
    "MODES=4",
    `NETWORK=${ircNick(network)}`,
    "NICKLEN=96",
    "CHANNELLEN=97",
    "TARGMAX=PRIVMSG:4,NOTICE:4,JOIN:,PART:,NAMES:1,WHOIS:1,KICK:1",
    "UTF8ONLY",
    "are supported by this server",
  );
  s.motdPending = true;
  s.replayHeld();
}

/** The MOTD: the server's first message in the primary channel after connect. */
export function motd(s: IrcSession, text: string): void {
  s.motdPending = false;
  s.rejoining = false;
  s.numeric(RPL.MOTDSTART, `- ${s.server} Message of the day -`);
  for (const line of text.split(/\r\n|\r|\n/)) s.numeric(RPL.MOTD, `- ${line}`);
  s.numeric(RPL.ENDOFMOTD, "End of /MOTD command");
}
