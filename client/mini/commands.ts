/**
 * The terminal client's commands: one table of name, argument, help and
 * action, from which `/help` and Tab completion are made too.
 *
 * @example
 * ```ts
 * import { COMMANDS, helpText } from "./commands.ts";
 * Object.keys(COMMANDS).includes("msg"); // true
 * helpText().includes("/me"); // true: named as absent, with why
 * ```
 *
 * @module
 */
import { KEYWORD, makeSym, type Value } from "../../protocol/mod.ts";
import { FailureError } from "../errors.ts";
import { contentTypeFor, toBase64 } from "../mime.ts";
import type { ArgKind } from "./completion.ts";
import { hhmm, show } from "./format.ts";
import { isAnonymous, type Session } from "./session.ts";

/** What commands need of the screen. */
export interface Ui {
  /** Ask for a secret with echo off. */
  hidden(question: string): Promise<string>;
}

/** One command. */
export interface Command {
  /** Its argument, for `/help`. */
  readonly usage: string;
  /** What it does, for `/help`. */
  readonly help: string;
  /** What its first argument names, for completion. */
  readonly arg: ArgKind;
  /** Do it; `arg` is the rest of the line, trimmed. */
  run(s: Session, arg: string, ui: Ui): Promise<void>;
}

function usage(s: Session, name: string): void {
  s.notice(`Usage: /${name} ${COMMANDS[name].usage}`);
}

function here(s: Session): string | undefined {
  if (s.current()) return s.current();
  s.notice("You are in no channel; /join or /switch to one first.");
  return undefined;
}

function talking(channel: string, s: Session): string {
  return isAnonymous(channel)
    ? `Now talking privately with ${s.label(channel)}`
    : `Now talking in ${channel}`;
}

/** The current channel for a command that needs one and an argument (else tell, and undefined). */
function hereWith(s: Session, name: string, arg: string): string | undefined {
  const channel = here(s);
  if (channel && !arg) usage(s, name);
  return arg ? channel : undefined;
}

async function join(s: Session, channel: string): Promise<void> {
  const mine = s.find(channel);
  if (!mine) await s.asking(() => s.client.request("join", { channel }));
  s.setCurrent(mine ?? channel);
  s.notice(`Now talking in ${s.label(mine ?? channel)}`);
}

/** Open (or find) the private conversation with `user`. */
async function conversation(s: Session, user: string): Promise<string> {
  const found = s.conversationWith(user);
  if (found) return found;
  const c = s.client;
  s.creating();
  let channel: string;
  try {
    channel = (await c.request("create", {})).channel;
  } catch (e) {
    s.creating(false);
    throw e;
  }
  try {
    await c.request("pull", { channel, target: user });
  } catch (e) {
    await c.request("leave", { channel }).catch(() => {});
    throw e;
  }
  return channel;
}

/** The search query of shirakumo.mess §18 for free text: `from:NAME` and a phrase. */
export function searchQuery(text: string): Value[] {
  const query: Value[] = [];
  const from = /(?:^|\s)from:(\S+)/.exec(text);
  const phrase = text.replace(/(?:^|\s)from:\S+/, "").trim().replace(/[\\*_]/g, "\\$&");
  if (from) query.push(makeSym("from", KEYWORD), [from[1]]);
  if (phrase) query.push(makeSym("text", KEYWORD), [`*${phrase}*`]);
  return query;
}

/** An update from a search result (a wire list) as fields. */
function resultFields(r: Value): Record<string, Value> {
  const out: Record<string, Value> = {};
  if (!Array.isArray(r)) return out;
  for (let i = 1; i + 1 < r.length; i += 2) out[show(r[i])] = r[i + 1];
  return out;
}

/** A command that names a user and acts on them in the current channel. */
function onTarget(type: "pull" | "kick", help: string): Command {
  return {
    usage: "U",
    help,
    arg: "user",
    async run(s, arg) {
      const channel = hereWith(s, type, arg);
      if (channel) await s.client.request(type, { channel, target: arg });
    },
  };
}

const noUi: Ui = { hidden: () => Promise.reject(new Error("no screen")) };

/** Every command, by name. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  join: {
    usage: "C",
    help: "join channel C and make it current",
    arg: "channel",
    run: (s, arg) => arg ? join(s, arg) : Promise.resolve(usage(s, "join")),
  },
  leave: {
    usage: "[C]",
    help: "leave C (default: the current channel)",
    arg: "channel",
    async run(s, arg) {
      const channel = arg ? s.find(arg) : s.current();
      if (!channel) return s.notice(arg ? `You are not in ${arg}.` : "You are in no channel.");
      await s.client.request("leave", { channel });
      if (channel !== s.current()) s.notice(`Left ${s.label(channel)}`);
    },
  },
  switch: {
    usage: "C",
    help: "make C (a channel you are in, or a private conversation's name) current",
    arg: "channel",
    run(s, arg) {
      if (!arg) return Promise.resolve(usage(s, "switch"));
      const channel = s.find(arg);
      if (!channel) return Promise.resolve(s.notice(`You are not in ${arg}.`));
      s.setCurrent(channel);
      return Promise.resolve(s.notice(talking(channel, s)));
    },
  },
  create: {
    usage: "[C]",
    help: "create channel C (anonymous without a name) and switch to it",
    arg: "none",
    async run(s, arg) {
      if (!arg) s.creating();
      try {
        const j = await s.asking(() => s.client.request("create", { channel: arg || undefined }));
        s.setCurrent(j.channel);
        s.notice(`Created ${s.label(j.channel)}; now talking in it`);
      } catch (e) {
        if (!arg) s.creating(false);
        if (!(e instanceof FailureError && e.failure.type === "channelname-taken")) throw e;
        s.notice(`${arg} exists already; joining it.`);
        await join(s, arg);
      }
    },
  },
  msg: {
    usage: "U [TEXT]",
    help: "say TEXT to user U in a private conversation (without TEXT: switch to it)",
    arg: "user",
    async run(s, arg) {
      const [user, ...words] = arg.split(/\s+/);
      if (!user) return usage(s, "msg");
      const channel = await conversation(s, user);
      if (words.length > 0) {
        return void s.client.send("message", { channel, text: words.join(" ") });
      }
      s.setCurrent(channel);
      s.notice(talking(channel, s));
    },
  },
  query: {
    usage: "U",
    help: "open the private conversation with user U and switch to it",
    arg: "user",
    run: (s, arg) =>
      arg ? COMMANDS.msg.run(s, arg.split(/\s+/)[0], noUi) : Promise.resolve(usage(s, "query")),
  },
  users: {
    usage: "",
    help: "list the current channel's users",
    arg: "none",
    async run(s) {
      const reply = await s.client.request("users", { channel: s.current() || s.serverName() });
      s.print(s.fmt.format(reply) ?? "");
    },
  },
  channels: {
    usage: "",
    help: "list the channels",
    arg: "none",
    async run(s) {
      s.print(s.fmt.format(await s.client.request("channels", {})) ?? "");
    },
  },
  topic: {
    usage: "[TEXT]",
    help: "show the current channel's topic, or set it to TEXT",
    arg: "text",
    async run(s, arg) {
      const channel = here(s);
      if (!channel) return;
      const key = makeSym("topic", KEYWORD);
      if (arg) await s.client.request("shirakumo:set-channel-info", { channel, key, text: arg });
      else await s.client.request("shirakumo:channel-info", { channel, keys: [key] });
    },
  },
  edit: {
    usage: "TEXT",
    help: "replace your last message in this channel by TEXT (empty: delete it)",
    arg: "text",
    run(s, arg) {
      const channel = here(s);
      const m = channel && s.lastMessage(channel, true);
      if (channel && !m) s.notice("You have said nothing here to edit.");
      if (channel && m) s.client.send("shirakumo:edit", { channel, id: m.id, text: arg });
      return Promise.resolve();
    },
  },
  react: {
    usage: "EMOJI",
    help: "react with EMOJI to the last message someone else sent here",
    arg: "text",
    run(s, arg) {
      const channel = hereWith(s, "react", arg);
      if (!channel) return Promise.resolve();
      const m = s.lastMessage(channel, false);
      if (!m) return Promise.resolve(s.notice("No message here to react to."));
      const target = show(m.from);
      s.client.send("shirakumo:react", { channel, target, "update-id": m.id, emote: arg });
      return Promise.resolve();
    },
  },
  upload: {
    usage: "FILE",
    help: "send FILE to this channel (shirakumo-data)",
    arg: "text",
    async run(s, arg) {
      const channel = hereWith(s, "upload", arg);
      if (!channel) return;
      const data = await Deno.readFile(arg);
      const filename = arg.slice(arg.lastIndexOf("/") + 1);
      await s.client.request("shirakumo:data", {
        channel,
        "content-type": contentTypeFor(filename),
        filename,
        payload: toBase64(data),
      });
    },
  },
  search: {
    usage: "TEXT",
    help: "search this channel's history for TEXT (from:NAME for one user's)",
    arg: "text",
    async run(s, arg) {
      const channel = hereWith(s, "search", arg);
      if (!channel) return;
      const found = await s.client.request("shirakumo:search", {
        channel,
        query: searchQuery(arg),
      });
      const results = found.results ?? [];
      s.notice(`${results.length} found in ${s.label(channel)}${results.length ? ":" : "."}`);
      for (const r of results) {
        const f = resultFields(r);
        s.print(
          `  ${hhmm({ type: "message", id: 0, clock: Number(f.clock ?? 0) })} <${show(f.from)}> ${
            show(f.text)
          }`,
        );
      }
    },
  },
  backfill: {
    usage: "",
    help: "ask the server again for what was said here lately",
    arg: "none",
    async run(s) {
      const channel = here(s);
      if (!channel) return;
      await s.backfill(channel);
      s.notice(`Caught up with ${s.label(channel)}.`);
    },
  },
  pull: onTarget("pull", "pull user U into the current channel"),
  kick: onTarget("kick", "kick user U from the current channel"),
  register: {
    usage: "",
    help: "register your name; asks for the password (not shown)",
    arg: "none",
    async run(s, arg, ui) {
      let password = arg;
      if (!password) {
        password = await ui.hidden("New password: ");
        if (password !== await ui.hidden("Once more: ")) {
          return s.notice("They differ; not registered.");
        }
      }
      await s.client.request("register", { password });
    },
  },
  info: {
    usage: "U",
    help: "show information about user U",
    arg: "user",
    async run(s, arg) {
      if (!arg) return usage(s, "info");
      await s.client.request("user-info", { target: arg });
    },
  },
  help: {
    usage: "",
    help: "this text",
    arg: "none",
    run: (s) => Promise.resolve(s.print(helpText())),
  },
  quit: {
    usage: "",
    help: "disconnect and exit (also Ctrl-D, Ctrl-C)",
    arg: "none",
    run: () => Promise.resolve(),
  },
};

/** IRC commands Lichat has no update for, and why. */
export const ABSENT: Readonly<Record<string, string>> = {
  me: "Lichat has no action message (no CTCP ACTION); say it as a message",
  away: "Lichat pushes no presence; a registered profile's :status (shirakumo-user-info) " +
    "is shown only to whoever asks with /info",
  nick: "a Lichat name is the connection's for its whole life; reconnect with --username",
};

/** What `/help` prints. */
export function helpText(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) =>
    `  ${`/${name} ${c.usage}`.padEnd(18)} ${c.help}`
  );
  const absent = Object.entries(ABSENT).map(([name, why]) => `  ${`/${name}`.padEnd(18)} ${why}`);
  return [
    "Commands:",
    ...rows,
    "Anything else is said in the current channel. Tab completes commands and names.",
    "Not in Lichat:",
    ...absent,
  ].join("\n");
}
