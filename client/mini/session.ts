/**
 * A terminal session's state: the current channel, private conversations
 * (anonymous channels shown by the other member's name), recent messages
 * (for `/edit`, `/react` and showing reactions), and what has been shown
 * (so that backfill does not repeat it). It prints what arrives, asks for
 * backfill when the user is in a channel, and learns who is in a private
 * conversation it was pulled into.
 *
 * @example
 * ```ts
 * import { Client } from "../client.ts";
 * import { Session } from "./session.ts";
 * import { Style } from "./style.ts";
 * const s = new Session(new Client({ username: "alice" }), new Style(false), console.log);
 * s.promptText(); // "[-] "
 * ```
 *
 * @module
 */
import { type Id, nameKey, sameName, type Update } from "../../protocol/mod.ts";
import type { Client } from "../client.ts";
import { Formatter, type View } from "./format.ts";
import type { Style } from "./style.ts";

/** Messages remembered per channel. */
const RECENT = 200;
/** Updates remembered as shown, so that backfill does not show them again. */
const SEEN = 20000;

/** Is `channel` an anonymous one (`@…`, README "Protocol notes")? */
export function isAnonymous(channel: string): boolean {
  return channel.startsWith("@");
}

/** The state of one terminal session. */
export class Session implements View {
  /** The connection. */
  readonly client: Client;
  /** How lines look. */
  readonly fmt: Formatter;
  #current = "";
  readonly #out: (line: string) => void;
  readonly #seen = new Set<string>();
  readonly #recent = new Map<string, Update[]>();
  readonly #listed = new Set<string>();
  /** Anonymous channels being created by this user, whose join is yet to come. */
  #creating = 0;
  /** Commands waiting for a join they asked for (which then switch themselves). */
  #asking = 0;
  /** Private conversations whose members are being asked for: what arrives meanwhile. */
  readonly #held = new Map<string, Update[]>();
  /** The last label of each private conversation, for when its peer has left. */
  readonly #labels = new Map<string, string>();
  /** Called when the prompt's text changes. */
  onPrompt: () => void = () => {};

  /** A session on `client`, printing with `out`. */
  constructor(client: Client, style: Style, out: (line: string) => void) {
    this.client = client;
    this.fmt = new Formatter(style, this);
    this.#out = out;
  }

  /** Print a line. */
  print(line: string): void {
    this.#out(line);
  }

  /** Print a notice. */
  notice(text: string): void {
    this.#out(this.fmt.notice(text));
  }

  me(): string {
    return this.client.username;
  }

  current(): string {
    return this.#current;
  }

  serverName(): string {
    return this.client.serverName;
  }

  /** Make `channel` (or none, "") the one plain lines go to. */
  setCurrent(channel: string): void {
    this.#current = channel;
    this.onPrompt();
  }

  /** The prompt: the current channel's name, or `-` for none. */
  promptText(): string {
    return `[${this.#current ? this.label(this.#current) : "-"}] `;
  }

  /** The other members of a channel. */
  peers(channel: string): string[] {
    return this.client.membersOf(channel).filter((m) => !sameName(m, this.me()));
  }

  label(channel: string): string {
    if (!isAnonymous(channel)) return channel;
    const peers = this.peers(channel);
    if (peers.length === 0) return this.#labels.get(nameKey(channel)) ?? channel;
    const label = peers.join(",");
    this.#labels.set(nameKey(channel), label);
    return label;
  }

  /** The channel the user is in that `name` names: by its name, or a conversation by its peer. */
  find(name: string): string | undefined {
    const mine = [...this.client.channels];
    return mine.find((c) => sameName(c, name)) ??
      mine.find((c) => isAnonymous(c) && sameName(this.label(c), name));
  }

  /** The private conversation with `user` the user is in, if any. */
  conversationWith(user: string): string | undefined {
    return [...this.client.channels].find((c) => {
      const p = this.peers(c);
      return isAnonymous(c) && p.length === 1 && sameName(p[0], user);
    });
  }

  /** Channel names to offer: the user's (private ones by name) and those listed. */
  channelNames(): string[] {
    return [...[...this.client.channels].map((c) => this.label(c)), ...this.#listed];
  }

  /** User names to offer: everyone in the user's channels. */
  userNames(): string[] {
    const names = [...this.client.channels].flatMap((c) => this.client.membersOf(c));
    return names.filter((n) => !sameName(n, this.me()));
  }

  /** Run `f`, a command that joins a channel and switches to it itself. */
  async asking<T>(f: () => Promise<T>): Promise<T> {
    this.#asking++;
    try {
      return await f();
    } finally {
      this.#asking--;
    }
  }

  /**
   * The user creates an anonymous channel: its join is not someone else's
   * pull. `false` once the creation failed (no join will come).
   */
  creating(yes = true): void {
    this.#creating = Math.max(0, this.#creating + (yes ? 1 : -1));
  }

  said(channel: string, from: string, id: Id): Update | undefined {
    return this.#recent.get(nameKey(channel))?.find((m) =>
      String(m.id) === String(id) && typeof m.from === "string" && sameName(m.from, from)
    );
  }

  /** The latest message in `channel`, the user's own if `own`. */
  lastMessage(channel: string, own: boolean): Update | undefined {
    const list = this.#recent.get(nameKey(channel)) ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const from = String(list[i].from ?? "");
      if (own === sameName(from, this.me())) return list[i];
    }
    return undefined;
  }

  /** Show one incoming update (once), and act on what it means for the session. */
  handle(u: Update): void {
    const held = typeof u.channel === "string" ? this.#held.get(nameKey(u.channel)) : undefined;
    if (held && u.type !== "users") return void held.push(u);
    if (this.#repeated(u)) return;
    this.#remember(u);
    const line = this.fmt.format(u);
    const channel = typeof u.channel === "string" ? u.channel : "";
    const own = typeof u.from === "string" && sameName(u.from, this.me());
    if (u.type === "channels" && Array.isArray(u.channels)) {
      for (const c of u.channels) if (typeof c === "string") this.#listed.add(c);
    }
    if (u.type === "join" && own && channel && !sameName(channel, this.serverName())) {
      this.#joined(channel, line);
      return;
    }
    // Comings and goings in the primary channel (everyone's, at every connect)
    // are no news; lists are replies only, printed by the command that asked.
    const primary = (u.type === "join" || u.type === "leave") &&
      sameName(channel, this.serverName());
    const list = u.type === "users" || u.type === "channels";
    if (line !== undefined && !primary && !list) this.print(line);
    const gone = (u.type === "leave" && own) ||
      (u.type === "kick" && typeof u.target === "string" && sameName(u.target, this.me()));
    if (gone && sameName(channel, this.#current)) {
      this.setCurrent("");
      const others = [...this.client.channels].filter((c) => !sameName(c, this.serverName()))
        .map((c) => this.label(c));
      this.notice(
        `You are in no channel now; ${
          others.length ? `/switch to one of ${others.join(", ")}` : "/join one"
        }.`,
      );
    }
  }

  async #joined(channel: string, line: string | undefined): Promise<void> {
    const anonymous = isAnonymous(channel);
    const mine = anonymous && this.#creating > 0;
    if (mine) this.#creating--;
    if (!anonymous && line !== undefined) this.print(line);
    // In a channel already at connect (through another connection): talk there.
    if (!anonymous && !this.#current && this.#asking === 0) {
      this.setCurrent(channel);
      this.notice(`Now talking in ${channel}`);
    }
    // Who is in it: for completion, and to tell whose private conversation it is
    // (what is said there meanwhile waits, to be shown under that name).
    const key = nameKey(channel);
    if (anonymous && !mine) this.#held.set(key, []);
    try {
      await this.client.request("users", { channel });
    } catch {
      // Gone already.
    }
    const held = this.#held.get(key);
    this.#held.delete(key);
    if (held) {
      const who = this.label(channel);
      this.notice(`${who} opened a private conversation with you: /switch ${who} to answer.`);
      for (const x of held) this.handle(x);
    }
    await this.backfill(channel);
  }

  /** Learn the channels there are (for completion), without printing them. */
  async listChannels(): Promise<void> {
    try {
      await this.client.request("channels", {}, 2000);
    } catch {
      // Not permitted: nothing to offer.
    }
  }

  /** Ask for the channel's backlog (shirakumo-backfill); what was shown is not shown again. */
  async backfill(channel: string): Promise<void> {
    if (!this.client.serverExtensions.includes("shirakumo-backfill")) return;
    try {
      await this.client.request("shirakumo:backfill", { channel });
    } catch {
      // Not permitted there, or gone: nothing to catch up on.
    }
  }

  #repeated(u: Update): boolean {
    // Replies (lists, the end of a backfill) are answers, not events to see once.
    if (typeof u.channel !== "string" || typeof u.from !== "string") return false;
    if (["users", "channels", "shirakumo:backfill", "shirakumo:search"].includes(u.type)) {
      return false;
    }
    const key = `${u.type}|${nameKey(String(u.channel))}|${nameKey(String(u.from))}|${u.id}|${
      u.type === "shirakumo:edit" ? u.text : ""
    }`;
    if (this.#seen.has(key)) return true;
    this.#seen.add(key);
    if (this.#seen.size > SEEN) this.#seen.delete(this.#seen.values().next().value!);
    return false;
  }

  #remember(u: Update): void {
    if (typeof u.channel !== "string") return;
    const key = nameKey(u.channel);
    if (u.type === "message" || u.type === "shirakumo:data") {
      let list = this.#recent.get(key);
      if (!list) this.#recent.set(key, list = []);
      list.push({ ...u });
      if (list.length > RECENT) list.shift();
    } else if (u.type === "shirakumo:edit" && typeof u.from === "string") {
      const m = this.said(u.channel, u.from, u.id);
      if (m) m.text = u.text;
    }
  }
}
