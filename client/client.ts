/**
 * The Lichat client: the original lichat-tcp-client's `Client`, for TCP (with
 * or without TLS) and WebSocket, from Deno or a browser (WebSocket only there).
 * Typed on the spec's update classes: a misspelt type or field is a compile
 * error, and handlers and replies get the update's interface.
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
  type Connect,
  type Id,
  printUpdate,
  readUpdate,
  sameName,
  universalTime,
  type Update,
  type Value,
} from "../protocol/mod.ts";
import { type Dialect, dialectFor, PREFERRED_VERSION, versionToRetry } from "./dialect.ts";
import { ClientError, ConnectionError, FailureError } from "./errors.ts";
import { Keepalive } from "./keepalive.ts";
import { Membership } from "./membership.ts";
import { contentTypeFor, toBase64 } from "./mime.ts";
import { isFailure, PendingRequests } from "./pending.ts";
import { ConnectionGate, rejoin, retryWithBackoff } from "./reconnect.ts";
import {
  type ClientEvent,
  type ClientEvents,
  type ClientOptions,
  defaultUsername,
  Emitter,
  type UpdateHandler,
} from "./options.ts";
import { type Transport, transportFor } from "./transport.ts";
import type { Fields, ReplyOf, UpdateOf, UpdateType } from "./types.ts";
import { lichatUrl } from "./url.ts";

let clientCounter = 0;

/** A connection to a Lichat server as one user. */
export class Client {
  /** The name the server knows this client by (from a 2.0 `connect` reply). */
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
  readonly channels: Set<string>;
  /** The extensions the server announced. */
  serverExtensions: string[] = [];

  readonly #opts: ClientOptions;
  readonly #membership = new Membership();
  #transport: Transport | undefined;
  #dialect: Dialect = dialectFor(PREFERRED_VERSION);
  #nextId: number;
  readonly #handlers = new Map<string, Set<(u: Update) => void>>();
  readonly #events = new Emitter();
  readonly #pending = new PendingRequests();
  readonly #gate = new ConnectionGate();
  readonly #keepalive: Keepalive;
  /** The id of the `connect` waiting for its reply, during the handshake. */
  #greeting: Id | undefined;
  #queue: Update[] = [];
  #wakers: (() => void)[] = [];
  #closing = false;
  #connected = false;
  #reconnecting = false;
  /** The server said `too-many-updates`: it may drop what comes, `disconnect` too. */
  #throttled = false;

  /** A client with the given settings; nothing happens until {@linkcode open}. */
  constructor(opts: ClientOptions = {}) {
    this.#opts = opts;
    this.channels = this.#membership.channels;
    this.username = opts.username ?? defaultUsername();
    this.password = opts.password;
    this.hostname = opts.hostname ?? "localhost";
    this.port = opts.port ?? (opts.tls ? 1112 : 1111);
    this.wsUrl = opts.url;
    // Ids unique per client, and unlikely to meet another client's.
    this.#nextId = (++clientCounter * 1_000_000) + Math.floor(Math.random() * 1_000_000) * 1000;
    this.#keepalive = new Keepalive(opts.pingInterval ?? 60, () => {
      if (this.#connected) this.send("ping", {});
    }, () => {
      this.#emit("dead");
      this.#transport?.close();
    });
  }

  /** The members of `channel` the server has told of (joins, leaves, `users` replies). */
  membersOf(channel: string): string[] {
    return this.#membership.membersOf(channel);
  }

  /** The server's name (its primary channel, the first joined), once connected. */
  get serverName(): string {
    return this.#membership.serverName;
  }

  /** Is the handshake done and the connection up? */
  get connected(): boolean {
    return this.#connected;
  }

  /** The protocol version of the connection (2.0, or the 1.x a server asked for). */
  get version(): string {
    return this.#dialect.version;
  }

  /** The `lichat://` URL of the server, a channel, or a message (see {@linkcode lichatUrl}). */
  url(channel?: string, message?: { from: string; id: Id }): string {
    return lichatUrl(this.wsUrl ?? { hostname: this.hostname, port: this.port }, channel, message);
  }

  /**
   * Connect and perform the §4.1 handshake. Resolves with the server's
   * `connect` reply; rejects with {@linkcode FailureError} when the server
   * refuses (`invalid-password`, `username-taken`, …). A server that refuses
   * the version is asked again with the newest of its `compatible-versions`
   * that the client speaks (see `dialect.ts`).
   */
  open(): Promise<Connect> {
    this.#closing = false;
    return this.#connect();
  }

  async #connect(): Promise<Connect> {
    let version = this.#dialect.version;
    for (let tries = 0;; tries++) {
      const reply = await this.#handshake(version);
      if (reply.type === "connect") return this.#opened(reply as Connect);
      const v = tries === 0 ? versionToRetry(reply, version) : undefined;
      if (v === undefined) throw new FailureError(reply);
      version = v;
    }
  }

  async #handshake(version: string): Promise<Update> {
    const o = this.#opts;
    const t = o.transport?.() ?? transportFor({ ...o, hostname: this.hostname, port: this.port });
    this.#transport = t;
    this.#dialect = dialectFor(version);
    t.onText = (text) => this.#receive(text, t);
    t.onClose = () => this.#lost(t);
    await t.open();
    const fields: Fields<"connect"> = {
      version,
      extensions: o.extensions ?? ["shirakumo-data"],
      password: this.password,
    };
    const hello = this.#make("connect", fields);
    const reply = this.#pending.wait(hello.id, "connect", o.requestTimeout ?? 10000);
    this.#greeting = hello.id;
    try {
      this.#write(hello);
      const u = await reply;
      if (u.type !== "connect") t.close();
      return u;
    } catch (e) {
      t.close();
      throw e;
    } finally {
      this.#greeting = undefined;
    }
  }

  #opened(reply: Connect): Connect {
    // 1.4's reply is from the server's user; 2.0's from the user (§4.1 step 11).
    if (!this.#dialect.legacy && typeof reply.from === "string") this.username = reply.from;
    this.serverExtensions = [...reply.extensions];
    this.#connected = true;
    this.#throttled = false;
    this.#keepalive.start();
    this.#emit("open");
    if (!this.#reconnecting) this.#gate.opened();
    return reply;
  }

  /**
   * Send `disconnect`, wait briefly (at most 2 s) for the reply, and close for
   * good. A throttled connection (`too-many-updates`) does not wait: the
   * server may drop the `disconnect` too.
   */
  async close(): Promise<void> {
    this.#closing = true;
    this.#keepalive.stop();
    this.#gate.closed(new ConnectionError("the client was closed"));
    const t = this.#transport;
    if (!t) return;
    try {
      if (this.#connected && this.#throttled) this.send("disconnect", {});
      else if (this.#connected) await this.request("disconnect", {}, 2000);
    } catch {
      // Closing anyway.
    }
    t.close();
    this.#wake();
  }

  /**
   * Send an update (the original's `s`): fills in `id`, `clock` and `from`.
   * Returns the update as sent. Throws {@linkcode ConnectionError} when not
   * connected.
   */
  send<K extends UpdateType>(type: K, fields: Fields<K>): UpdateOf<K> {
    if (!this.#connected) throw new ConnectionError(`not connected: ${type} was not sent`);
    const u = this.#make(type, fields);
    this.#write(u);
    return u as UpdateOf<K>;
  }

  /**
   * Send an update and resolve with the reply whose `id` (or, for a
   * failure, `update-id`) matches (the original's `with-response`). A failure
   * reply rejects with {@linkcode FailureError}; no reply within the timeout
   * rejects with {@linkcode TimeoutError}. When the connection is lost first,
   * it rejects at once with {@linkcode ConnectionError}. A request made while
   * disconnected rejects at once too, unless the client is reconnecting: then
   * it waits for the reconnection (within the same timeout) and is sent then.
   */
  async request<K extends UpdateType>(
    type: K,
    fields: Fields<K>,
    timeout: number = this.#opts.requestTimeout ?? 10000,
  ): Promise<ReplyOf<K>> {
    const start = Date.now();
    if (!this.#connected) {
      if (!this.#reconnecting) throw new ConnectionError(`not connected: ${type} was not sent`);
      await this.#gate.wait(timeout, type);
    }
    const u = this.#make(type, fields);
    const reply = this.#pending.wait(u.id, type, Math.max(1, timeout - (Date.now() - start)));
    try {
      this.#write(u);
      if (this.#dialect.unanswered(type)) this.#pending.resolve(u.id, u);
    } catch (e) {
      this.#pending.reject(u.id, e instanceof Error ? e : new ClientError(String(e)));
    }
    const r = await reply;
    if (isFailure(r)) throw new FailureError(r);
    return r as ReplyOf<K>;
  }

  /**
   * `shirakumo:data` (the original's `s-data`): send a file's bytes to a
   * channel, its content type from its name.
   */
  sendData(channel: string, file: { name: string; data: Uint8Array }): UpdateOf<"shirakumo:data"> {
    return this.send("shirakumo:data", {
      channel,
      "content-type": contentTypeFor(file.name),
      filename: file.name,
      payload: toBase64(file.data),
    });
  }

  /** Listen to updates of `type`; returns a function that stops listening. */
  on<K extends UpdateType>(type: K, handler: UpdateHandler<K>): () => void;
  /** Listen to every update. */
  on(type: "*", handler: (update: Update) => void): () => void;
  on(type: string, handler: (update: never) => void): () => void {
    let set = this.#handlers.get(type);
    if (!set) this.#handlers.set(type, set = new Set());
    // The reader checked the update against its class, so it is that class's interface.
    const h = handler as (u: Update) => void;
    set.add(h);
    return () => set.delete(h);
  }

  /** Listen to a lifecycle event (see {@linkcode ClientEvents}). */
  onEvent<E extends ClientEvent>(
    event: E,
    handler: (...args: ClientEvents[E]) => void,
  ): () => void {
    return this.#events.on(event, handler);
  }

  /** Every incoming update, in order, until the client is closed for good. */
  async *updates(): AsyncGenerator<Update> {
    for (;;) {
      while (this.#queue.length > 0) yield this.#queue.shift()!;
      if (this.#closing && !this.#connected) return;
      await new Promise<void>((r) => this.#wakers.push(r));
    }
  }

  #make(type: string, fields: object): Update {
    const u: Update = { type, id: this.#nextId++, clock: universalTime(), from: this.username };
    for (const [k, v] of Object.entries(fields) as [string, Value | undefined][]) {
      if (v !== undefined) u[k] = v;
    }
    return u;
  }

  #write(u: Update): void {
    const t = this.#transport;
    if (!t) throw new ConnectionError("not connected");
    const d = this.#dialect;
    const text = printUpdate(d.legacy ? { ...u, type: d.outgoing(u.type) } : u, d.registry);
    t.send(text).catch(() => t.close());
  }

  #receive(text: string, t: Transport): void {
    if (t !== this.#transport) return;
    let u: Update;
    try {
      u = this.#dialect.incoming(
        readUpdate(text, { registry: this.#dialect.registry }),
        this.serverName,
      );
    } catch {
      return; // §6: a client ignores updates it does not understand.
    }
    this.#keepalive.heard();
    // The handshake's reply is open()'s to return, not the handlers' to see.
    if (this.#greeting !== undefined && (u.type === "connect" || isFailure(u))) {
      return this.#pending.resolve(this.#greeting, u);
    }
    this.#membership.update(u, this.username);
    if (u.type === "too-many-updates") this.#throttled = true;
    if (u.type === "ping" && this.#connected) this.send("pong", {});
    this.#pending.settle(u);
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
    this.#wake();
  }

  #wake(): void {
    const w = this.#wakers;
    this.#wakers = [];
    for (const f of w) f();
  }

  #lost(t: Transport): void {
    if (t !== this.#transport) return;
    const was = this.#connected;
    this.#connected = false;
    this.#keepalive.stop();
    this.#pending.rejectAll((what) =>
      new ConnectionError(`the connection was lost before the reply to ${what} came`)
    );
    if (was) this.#emit("close");
    this.#wake();
    if (was && !this.#closing && this.#opts.reconnect) this.#reconnect();
  }

  async #reconnect(): Promise<void> {
    this.#reconnecting = true;
    const channels = [...this.channels].filter((c) => !sameName(c, this.serverName));
    this.#membership.clear();
    const ok = await retryWithBackoff(() => this.#connect().then(() => {}), () => this.#closing, {
      maxBackoff: this.#opts.maxBackoff ?? 30000,
      onFailure: (e, pause) => this.#emit("retry", e, pause),
    });
    this.#reconnecting = false;
    if (!ok) return this.#gate.closed(new ConnectionError("the client was closed"));
    const joined = await rejoin(
      channels,
      (c) => [...this.channels].some((x) => sameName(x, c)),
      (c) => this.request("join", { channel: c }),
      (c, e) => this.#emit("rejoin-failed", c, e),
    );
    this.#emit("reconnect", joined);
    this.#gate.opened();
  }

  #emit<E extends ClientEvent>(event: E, ...args: ClientEvents[E]): void {
    this.#events.emit(event, ...args);
  }
}
