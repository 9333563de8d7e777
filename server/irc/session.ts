/**
 * One IRC connection: its socket, the Lichat connection it speaks through,
 * and what it knows of its channels and requests. IRC lines come in and
 * leave as Lichat updates through the parser stage (so flood control, the
 * size limits, §5.1 and bans apply as to any Lichat connection); the
 * updates the server sends that connection come back as `Printed` batches
 * and are rendered as IRC lines.
 *
 * During registration a failed `connect` (a nick in use, a wrong SASL
 * password) closes only the Lichat side; the next attempt opens a new one,
 * as IRC clients expect to try another nick on the same socket.
 *
 * @module
 */
import { getLogger } from "@logtape/logtape";
import { type Id, printUpdate, type Update, type Value } from "../../protocol/mod.ts";
import type { Clock } from "../clock.ts";
import type { ServerOptions } from "../options.ts";
import type { Peer, Printed } from "../outlet.ts";
import { LineFramer } from "./framer.ts";
import { formatMessage, type IrcMessage, parseMessage } from "./message.ts";
import { ircNick } from "./names.ts";
import { ERR } from "./numerics.ts";
import type { AnonView, ChannelView, Pending } from "./state.ts";
import { LineWriter } from "./writer.ts";

const log = getLogger(["lichat", "server", "irc"]);

/** What the server does with the gateway's Lichat connections (as for any transport). */
export interface GatewayHooks {
  /** A Lichat connection opened; returns its number. */
  open(peer: Peer, address: string): number;
  /** One whole update's wire text for the parser stage. */
  text(conn: number, text: string): void;
  /** The Lichat connection ended. */
  gone(conn: number): void;
}

/** What the session does with what it reads and what the server sends (server/irc/dispatch.ts). */
export interface SessionLogic {
  /** One IRC message from the client. */
  line(s: IrcSession, m: IrcMessage): void;
  /** One update the server sent the Lichat side. */
  update(s: IrcSession, u: Update): void;
  /** The Lichat side closed; true if the session goes on (a new registration attempt). */
  closed(s: IrcSession): boolean;
}

/** The client's socket: a Deno connection, or a TLS socket made to look like one. */
export interface IrcSocket {
  /** Write some of `data`; resolves to how much. */
  write(data: Uint8Array): Promise<number>;
  /** Close it (what was written goes first). */
  close(): void;
}

/** The Lichat side of an IRC connection, as the connection table sees it. */
class LichatLink implements Peer {
  readonly transport = "irc" as const;
  conn = 0;
  #closed = false;
  readonly #session: IrcSession;

  constructor(session: IrcSession) {
    this.#session = session;
  }

  write(batch: readonly Printed[]): Promise<void> {
    return this.#session.fromLichat(batch);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#session.linkClosed(this);
  }
}

/** An IRC connection; the state the mapping modules read and change. */
export class IrcSession {
  readonly options: ServerOptions;
  readonly clock: Clock;
  /** The server's name as IRC sources and numerics show it. */
  readonly server: string;
  /** The host part of every user's prefix. */
  readonly host: string;
  readonly address: string;
  readonly #socket: IrcSocket;
  readonly #hooks: GatewayHooks;
  readonly #logic: SessionLogic;
  readonly #writer: LineWriter;
  readonly #framer: LineFramer;
  #link: LichatLink | undefined;
  #nextId: number;
  #closed = false;
  #errored = false;

  /** The nick IRC knows this connection by ("*" until registered). */
  nick = "*";
  /** The Lichat name, once the server accepted the connect. */
  name: string | undefined;
  /** User mode i, which clients set and Lichat has no use for. */
  invisible = false;
  /** IRCv3 capabilities the client enabled. */
  readonly caps = new Set<string>();
  /** Registration: what the client has told so far. */
  readonly reg: {
    nick?: string;
    user?: boolean;
    pass?: string;
    /** CAP LS/REQ seen and no CAP END yet. */
    negotiating: boolean;
    /** SASL PLAIN: awaiting the client's credentials, then the connect's answer. */
    sasl?: "mechanism" | "sent" | "done";
    /** The base64 credentials read so far (they may come in 400-byte pieces). */
    saslData: string;
    /** The failed attempt may be retried with another connect. */
    retry: boolean;
    /** IRC registration finished (001 sent). */
    welcomed: boolean;
    /** Lines read before registration finished. */
    lines: number;
  } = { negotiating: false, saslData: "", retry: false, welcomed: false, lines: 0 };
  /** Updates that arrived before 001, shown after it. */
  held: Update[] = [];
  /** The next message from the server in the primary channel is the MOTD. */
  motdPending = false;
  /** Joins after connect and before the MOTD: channels the user was in already. */
  rejoining = false;
  /** Joined channels shown as IRC channels, by name key. */
  readonly channels = new Map<string, ChannelView>();
  /** Anonymous channels this user is in, by name key. */
  readonly anon = new Map<string, AnonView>();
  /** Private conversations: the other user's name key to the anonymous channel's name. */
  readonly queries = new Map<string, string>();
  /** Requests waiting for their answer, by id. */
  readonly pending = new Map<string, Pending>();
  /** Kicked users whose following `leave` is not shown again, `channelkey name-key`. */
  readonly kicked = new Set<string>();
  /** Channels whose backlog is being played back, by name key, to their batch reference. */
  readonly playback = new Map<string, string>();
  /** Local-command flood control: the window's start and count. */
  readonly flood = { start: 0, count: 0, warned: false };

  /** Serve an accepted socket. */
  constructor(
    socket: IrcSocket,
    address: string,
    options: ServerOptions,
    clock: Clock,
    hooks: GatewayHooks,
    logic: SessionLogic,
  ) {
    this.#socket = socket;
    this.address = address;
    this.options = options;
    this.clock = clock;
    this.#hooks = hooks;
    this.#logic = logic;
    this.server = ircNick(options.name);
    this.host = this.server;
    this.#writer = new LineWriter(socket, options.maxQueue);
    this.#writer.onStuck = () => {
      log.warning("IRC connection from {address} does not read; dropping it.", { address });
      this.close();
    };
    this.#framer = new LineFramer(options.ircMaxLine);
    // Ids start at a random point, as the server's do, so that they rarely meet others'.
    this.#nextId = crypto.getRandomValues(new Uint32Array(1))[0] + 1;
    this.flood.start = clock.now();
    this.openLink();
  }

  /** Is the socket still open? */
  get open(): boolean {
    return !this.#closed;
  }

  /** The Lichat connection's number, or 0 when there is none. */
  get conn(): number {
    return this.#link?.conn ?? 0;
  }

  /** Open a (new) Lichat connection for this socket. */
  openLink(): void {
    const link = new LichatLink(this);
    this.#link = link;
    this.reg.retry = false;
    link.conn = this.#hooks.open(link, this.address);
  }

  /** Bytes read from the socket. */
  bytes(data: Uint8Array): void {
    for (const f of this.#framer.push(data)) {
      if (this.#closed) return;
      if (f.kind === "too-long") {
        this.numeric(ERR.INPUTTOOLONG, "Input line was too long");
      } else if (f.kind === "bad-utf8") {
        this.write({
          tags: {},
          command: "FAIL",
          params: ["*", "INVALID_UTF8", "Lines must be UTF-8"],
        });
      } else {
        log.debug("IRC {address} sent {line}", { address: this.address, line: f.text });
        const m = parseMessage(f.text);
        if (!m) continue;
        try {
          this.#logic.line(this, m);
        } catch (e) {
          // A bug in one command must not take the connection down.
          log.error("IRC command {command} failed: {error}", { command: m.command, error: e });
        }
      }
    }
  }

  /** A batch the connection table hands the Lichat side. */
  fromLichat(batch: readonly Printed[]): Promise<void> {
    for (const p of batch) {
      for (const u of p.updates) {
        if (this.#closed) break;
        try {
          this.#logic.update(this, u);
        } catch (e) {
          log.error("IRC rendering of {type} failed: {error}", { type: u.type, error: e });
        }
      }
    }
    return this.#writer.flushed();
  }

  /** Show the updates held back for 001 (registration just finished). */
  replayHeld(): void {
    const held = this.held;
    this.held = [];
    for (const u of held) this.#logic.update(this, u);
  }

  /** The Lichat side closed (by the server, or because the socket went). */
  linkClosed(link: LichatLink): void {
    if (link !== this.#link) return;
    this.#link = undefined;
    this.#hooks.gone(link.conn);
    if (this.#closed) return;
    if (!this.#logic.closed(this)) this.close();
  }

  /** Send a Lichat update with a fresh id (and remember what it was for); returns the id. */
  lichat(type: string, fields: Record<string, Value | undefined>, pending?: Pending): Id {
    const id = this.#nextId++;
    if (!this.#link) return id;
    const u: Update = { type, id };
    for (const k in fields) if (fields[k] !== undefined) u[k] = fields[k];
    let text: string;
    try {
      text = printUpdate(u);
    } catch (e) {
      log.error("Could not print {type} for IRC: {error}", { type, error: e });
      return id;
    }
    if (pending) this.remember(id, pending);
    this.#hooks.text(this.#link.conn, text);
    return id;
  }

  /** Remember what request `id` was; the oldest are forgotten beyond `--max-queue`. */
  remember(id: Id, p: Pending): void {
    this.pending.set(String(id), p);
    if (this.pending.size > this.options.maxQueue) {
      this.pending.delete(this.pending.keys().next().value!);
    }
  }

  /** Take the request an answer's id names, if it was one of ours of `kinds`. */
  take<K extends Pending["kind"]>(
    id: Value | undefined,
    ...kinds: K[]
  ): Extract<Pending, { kind: K }> | undefined {
    if (id === undefined) return undefined;
    const p = this.pending.get(String(id));
    if (!p || !(kinds as string[]).includes(p.kind)) return undefined;
    this.pending.delete(String(id));
    return p as Extract<Pending, { kind: K }>;
  }

  /** Look at a request without taking it. */
  peek(id: Value | undefined): Pending | undefined {
    return id === undefined ? undefined : this.pending.get(String(id));
  }

  /** Write one message. */
  write(m: IrcMessage): void {
    if (this.#closed) return;
    this.#writer.push([formatMessage(m)]);
  }

  /** Write lines already formatted. */
  writeLines(lines: readonly string[]): void {
    if (!this.#closed) this.#writer.push(lines);
  }

  /** A numeric reply to this client: `:server NNN nick params…`. */
  numeric(code: string, ...params: string[]): void {
    this.write({ tags: {}, source: this.server, command: code, params: [this.nick, ...params] });
  }

  /** A NOTICE from the server to this client. */
  notice(text: string): void {
    this.write({ tags: {}, source: this.server, command: "NOTICE", params: [this.nick, text] });
  }

  /** The IRC prefix of a Lichat user. */
  prefix(name: string): string {
    const nick = ircNick(name);
    return `${nick}!lichat@${this.host}`;
  }

  /** Say ERROR (once: the first reason is the one given). */
  error(text: string): void {
    if (this.#errored) return;
    this.#errored = true;
    this.write({ tags: {}, command: "ERROR", params: [text] });
  }

  /** Say ERROR, flush and close the socket (the Lichat side ends with it). */
  fatal(text: string): void {
    this.error(text);
    this.close();
  }

  /** Close the socket once what is queued is written (or at once, if it cannot be). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const done = () => {
      try {
        this.#socket.close();
      } catch {
        // Already closed.
      }
    };
    const grace = setTimeout(done, this.options.closeTimeout * 1000);
    Deno.unrefTimer(grace);
    this.#writer.flushed().then(() => {
      clearTimeout(grace);
      done();
    });
    this.#link?.close();
  }
}
