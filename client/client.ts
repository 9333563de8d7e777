/**
 * The Lichat client: the original lichat-tcp-client's `Client`, for TCP and
 * WebSocket, from Deno or a browser (WebSocket only there).
 *
 * @example
 * ```ts
 * import { Client } from "./client.ts";
 * const client = new Client({ username: "alice", hostname: "localhost", port: 1111 });
 * await client.open();
 * client.on("message", (u) => console.log(`<${u.from}> ${u.text}`));
 * await client.request("join", { channel: "lobby" });
 * client.send("message", { channel: "lobby", text: "hello" });
 * await client.close();
 * ```
 *
 * @module
 */
import {
  type Id,
  printUpdate,
  readUpdate,
  universalTime,
  type Update,
  type Value,
} from "../protocol/mod.ts";
import { ClientError, FailureError, TimeoutError } from "./errors.ts";
import { contentTypeFor, toBase64 } from "./mime.ts";
import { TcpTransport, type Transport, WebSocketTransport } from "./transport.ts";

/** Settings of a {@linkcode Client}; every one has the original's default. */
export interface ClientOptions {
  /** The user name (default: the host name where readable, else `Lichat-User`). */
  username?: string;
  /** The password of a registered name (default: none). */
  password?: string;
  /** Server host for TCP (default `localhost`). */
  hostname?: string;
  /** Server port for TCP (default 1111). */
  port?: number;
  /** A `ws://` or `wss://` URL: use WebSocket instead of TCP. */
  url?: string;
  /** Milliseconds `request` waits for its reply (default 10000). */
  requestTimeout?: number;
  /** Seconds of silence before the client pings the server (default 60; 0 disables). */
  pingInterval?: number;
  /** Reconnect after a lost connection, re-joining its channels (default false). */
  reconnect?: boolean;
  /** Longest pause between reconnection attempts in ms (default 30000). */
  maxBackoff?: number;
  /** Extensions to announce in `connect` (default `["shirakumo-data"]`). */
  extensions?: string[];
  /** Make the transport (tests and custom transports). */
  transport?: () => Transport;
}

/** A handler for updates of one type (the original's `process` methods). */
export type UpdateHandler = (update: Update) => void;

/** Lifecycle events beside updates. */
export type ClientEvent = "open" | "close" | "dead" | "reconnect";

function defaultUsername(): string {
  try {
    const d = (globalThis as { Deno?: { hostname(): string } }).Deno;
    if (d) return d.hostname();
  } catch {
    // Needs --allow-sys.
  }
  return "Lichat-User";
}

let clientCounter = 0;

/** A connection to a Lichat server as one user. */
export class Client {
  /** The name the server knows this client by (updated from the `connect` reply). */
  username: string;
  /** The password, if any. */
  readonly password: string | undefined;
  /** TCP host. */
  readonly hostname: string;
  /** TCP port. */
  readonly port: number;
  /** WebSocket URL, when that transport is used. */
  readonly wsUrl: string | undefined;
  /** The channels this client's user is in, as the server has said. */
  readonly channels: Set<string> = new Set();
  /** The server's name (its primary channel), once connected. */
  serverName = "";
  /** The extensions the server announced. */
  serverExtensions: string[] = [];

  readonly #opts: ClientOptions;
  #transport: Transport | undefined;
  #nextId: number;
  #handlers = new Map<string, Set<UpdateHandler>>();
  #events = new Map<ClientEvent, Set<() => void>>();
  #waiting = new Map<string, { resolve: (u: Update) => void; reject: (e: Error) => void }>();
  #queue: Update[] = [];
  #wakers: (() => void)[] = [];
  #lastHeard = 0;
  #pinged = false;
  #timer: ReturnType<typeof setInterval> | undefined;
  #closing = false;
  #connected = false;

  /** A client with the given settings; nothing happens until {@linkcode open}. */
  constructor(opts: ClientOptions = {}) {
    this.#opts = opts;
    this.username = opts.username ?? defaultUsername();
    this.password = opts.password;
    this.hostname = opts.hostname ?? "localhost";
    this.port = opts.port ?? 1111;
    this.wsUrl = opts.url;
    // Ids unique per client, and unlikely to meet another client's.
    this.#nextId = (++clientCounter * 1_000_000) + Math.floor(Math.random() * 1_000_000) * 1000;
  }

  /** Is the handshake done and the connection up? */
  get connected(): boolean {
    return this.#connected;
  }

  /**
   * A `lichat://` URL (shirakumo.mess §25) of this server, or of a channel
   * on it, or of one message there: `lichat://host:port/channel#user@id`.
   * The port is left out when it is the default, 1111, and for a WebSocket
   * client, which does not know the server's TCP port.
   *
   * @example
   * ```ts
   * const c = new Client({ hostname: "chat.example", port: 1111 });
   * c.url("lobby", { from: "alice", id: 5 }); // "lichat://chat.example/lobby#alice@5"
   * ```
   */
  url(channel?: string, message?: { from: string; id: Id }): string {
    const host = this.wsUrl ? new URL(this.wsUrl).hostname : this.hostname;
    const port = this.wsUrl || this.port === 1111 ? "" : `:${this.port}`;
    const path = channel === undefined ? "" : encodeURIComponent(channel);
    const fragment = message
      ? `#${encodeURIComponent(message.from)}@${encodeURIComponent(String(message.id))}`
      : "";
    return `lichat://${host}${port}/${path}${fragment}`;
  }

  /**
   * Connect and perform the §4.1 handshake. Resolves with the server's
   * `connect` reply; rejects with {@linkcode FailureError} when the server
   * refuses (`invalid-password`, `username-taken`, …).
   */
  async open(): Promise<Update> {
    this.#closing = false;
    const t = this.#opts.transport?.() ??
      (this.wsUrl
        ? new WebSocketTransport(this.wsUrl)
        : new TcpTransport(this.hostname, this.port));
    this.#transport = t;
    t.onText = (text) => this.#receive(text);
    t.onClose = () => this.#lost(t);
    await t.open();
    const fields: Record<string, Value | undefined> = {
      version: "2.0",
      extensions: this.#opts.extensions ?? ["shirakumo-data"],
      password: this.password,
    };
    const reply = await this.#exchange("connect", fields);
    if (reply.type !== "connect") {
      t.close();
      throw new FailureError(reply);
    }
    this.username = reply.from ?? this.username;
    this.serverExtensions = Array.isArray(reply.extensions) ? reply.extensions as string[] : [];
    this.#connected = true;
    this.#lastHeard = Date.now();
    this.#startKeepalive();
    this.#emit("open");
    return reply;
  }

  /** Send `disconnect`, wait briefly for the reply, and close. */
  async close(): Promise<void> {
    this.#closing = true;
    this.#stopKeepalive();
    const t = this.#transport;
    if (!t) return;
    if (this.#connected) {
      try {
        await this.request("disconnect", {}, 2000);
      } catch {
        // Closing anyway.
      }
    }
    t.close();
  }

  /**
   * Send an update (the original's `s`): fills in `id`, `clock` and `from`.
   * Returns the update as sent.
   */
  send(type: string, fields: Record<string, Value | undefined> = {}): Update {
    const u = this.#make(type, fields);
    this.#write(u);
    return u;
  }

  /**
   * Send an update and resolve with the reply whose `id` or `update-id`
   * matches (the original's `with-response`). A failure reply rejects with
   * {@linkcode FailureError}; no reply within the timeout rejects with
   * {@linkcode TimeoutError}.
   */
  async request(
    type: string,
    fields: Record<string, Value | undefined> = {},
    timeout = this.#opts.requestTimeout ?? 10000,
  ): Promise<Update> {
    const reply = await this.#exchange(type, fields, timeout);
    if (this.#isFailure(reply)) throw new FailureError(reply);
    return reply;
  }

  /**
   * `shirakumo:data` (the original's `s-data`): send a file's bytes to a
   * channel, its content type from its name.
   */
  sendData(channel: string, file: { name: string; data: Uint8Array }): Update {
    return this.send("shirakumo:data", {
      channel,
      "content-type": contentTypeFor(file.name),
      filename: file.name,
      payload: toBase64(file.data),
    });
  }

  /** Listen to updates of `type` (or `"*"` for all); returns a function that stops listening. */
  on(type: string, handler: UpdateHandler): () => void {
    let set = this.#handlers.get(type);
    if (!set) this.#handlers.set(type, set = new Set());
    set.add(handler);
    return () => set!.delete(handler);
  }

  /** Listen to a lifecycle event: `open`, `close`, `dead` (no answer to pings), `reconnect`. */
  onEvent(event: ClientEvent, handler: () => void): () => void {
    let set = this.#events.get(event);
    if (!set) this.#events.set(event, set = new Set());
    set.add(handler);
    return () => set!.delete(handler);
  }

  /** Every incoming update, in order, until the client is closed for good. */
  async *updates(): AsyncGenerator<Update> {
    for (;;) {
      while (this.#queue.length > 0) yield this.#queue.shift()!;
      if (this.#closing && !this.#connected) return;
      await new Promise<void>((r) => this.#wakers.push(r));
    }
  }

  #make(type: string, fields: Record<string, Value | undefined>): Update {
    const u: Update = { type, id: this.#nextId++, clock: universalTime(), from: this.username };
    for (const k in fields) if (fields[k] !== undefined) u[k] = fields[k];
    return u;
  }

  #write(u: Update): void {
    const t = this.#transport;
    if (!t) throw new ClientError("not connected");
    t.send(printUpdate(u)).catch(() => t.close());
  }

  #isFailure(u: Update): boolean {
    return u["update-id"] !== undefined && !u.type.endsWith("warning") &&
      u.type !== "updates-throttled";
  }

  #exchange(
    type: string,
    fields: Record<string, Value | undefined>,
    timeout = this.#opts.requestTimeout ?? 10000,
  ): Promise<Update> {
    const u = this.#make(type, fields);
    const key = String(u.id);
    return new Promise<Update>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(key);
        reject(new TimeoutError(`no reply to ${type} within ${timeout} ms`));
      }, timeout);
      this.#waiting.set(key, {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      try {
        this.#write(u);
      } catch (e) {
        clearTimeout(timer);
        this.#waiting.delete(key);
        reject(e);
      }
    });
  }

  #receive(text: string): void {
    let u: Update;
    try {
      u = readUpdate(text);
    } catch {
      return; // §6: a client ignores updates it does not understand.
    }
    this.#lastHeard = Date.now();
    this.#pinged = false;
    this.#track(u);
    if (u.type === "ping") this.send("pong", {});
    // A reply carries the request's id as `update-id` (failures) or `id`.
    // `clock-skewed` is a notice before the real reply (§5.1), not the reply.
    const key = String(u["update-id"] ?? (u.id as Id));
    const waiter = u.type === "clock-skewed" ? undefined : this.#waiting.get(key);
    if (waiter) {
      this.#waiting.delete(key);
      waiter.resolve(u);
    }
    for (const key of [u.type, "*"]) {
      for (const h of this.#handlers.get(key) ?? []) {
        try {
          h(u);
        } catch (e) {
          console.error("update handler failed:", e);
        }
      }
    }
    this.#queue.push(u);
    const w = this.#wakers;
    this.#wakers = [];
    for (const f of w) f();
  }

  /** Keep `channels` and `serverName` up to date from what the server says. */
  #track(u: Update): void {
    const own = typeof u.from === "string" && u.from.toLowerCase() === this.username.toLowerCase();
    if (u.type === "join" && own && typeof u.channel === "string") {
      if (this.channels.size === 0 && !this.serverName) this.serverName = u.channel;
      this.channels.add(u.channel);
    } else if (u.type === "leave" && own && typeof u.channel === "string") {
      this.channels.delete(u.channel);
    } else if (
      u.type === "kick" && typeof u.target === "string" &&
      u.target.toLowerCase() === this.username.toLowerCase()
    ) {
      this.channels.delete(u.channel as string);
    }
  }

  #startKeepalive(): void {
    this.#stopKeepalive();
    const interval = (this.#opts.pingInterval ?? 60) * 1000;
    if (interval <= 0) return;
    this.#timer = setInterval(() => {
      const silent = Date.now() - this.#lastHeard;
      if (silent >= interval * 2 && this.#pinged) {
        this.#emit("dead");
        this.#transport?.close();
      } else if (silent >= interval && !this.#pinged) {
        this.#pinged = true;
        try {
          this.send("ping", {});
        } catch {
          // The close path reports it.
        }
      }
    }, Math.min(interval / 4, 1000));
  }

  #stopKeepalive(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #lost(t: Transport): void {
    if (t !== this.#transport) return;
    const was = this.#connected;
    this.#connected = false;
    this.#stopKeepalive();
    for (const [key, w] of this.#waiting) {
      this.#waiting.delete(key);
      w.reject(new ClientError("the connection closed before the reply came"));
    }
    this.#emit("close");
    const w = this.#wakers;
    this.#wakers = [];
    for (const f of w) f();
    if (was && !this.#closing && this.#opts.reconnect) this.#reconnect();
  }

  async #reconnect(): Promise<void> {
    const rejoin = [...this.channels].filter((c) => c !== this.serverName);
    this.channels.clear();
    let pause = 250;
    while (!this.#closing) {
      await new Promise((r) => setTimeout(r, pause));
      try {
        await this.open();
        for (const c of rejoin) {
          try {
            await this.request("join", { channel: c });
          } catch {
            // Gone or full: skip it.
          }
        }
        this.#emit("reconnect");
        return;
      } catch {
        pause = Math.min(pause * 2, this.#opts.maxBackoff ?? 30000);
      }
    }
  }

  #emit(event: ClientEvent): void {
    for (const h of this.#events.get(event) ?? []) h();
  }
}
