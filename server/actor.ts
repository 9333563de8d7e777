/**
 * The state actor: the one owner of users, channels, profiles and the ties
 * between connections and users. Requests enter its inbox and are handled one
 * at a time, to completion, so every change is serialised the way the Lisp
 * server's locks serialise them. Its output is (update, recipients) pairs and
 * close orders, handed to an {@linkcode Outlet}.
 *
 * @module
 */
import { getLogger, type Logger } from "@logtape/logtape";
import type { Environment, Job } from "./inbox.ts";
import {
  defaultRegistry,
  type Id,
  nameKey,
  type Registry,
  universalTime,
  type Update,
  type Value,
} from "../protocol/mod.ts";
import type { StageEvent } from "../workers/messages.ts";
import { check } from "./checks.ts";
import type { Clock } from "./clock.ts";
import type { AnyReq, Context, FailureType, Fields, UpdateName, UpdateOf } from "./context.ts";
import { Delivery, type Outlet } from "./delivery.ts";
import type { Extension, Relayed, Said } from "./extension.ts";
import { ExtensionSet } from "./extension_set.ts";
import { sweep } from "./liveness.ts";
import type { ServerOptions } from "./options.ts";
import { closeConnection, openConnection } from "./lifecycle.ts";
import { Meters } from "./metrics/meters.ts";
import { logUpdate, OperatorLog } from "./oplog.ts";
import { permittedIn } from "./permissions.ts";
import { runLength } from "./runs.ts";
import {
  channelRecord,
  loadState,
  newChannel,
  primaryChannel,
  profileRecord,
} from "./state/load.ts";
import type { Channel, Connection, Profile, Transport, User } from "./state/model.ts";
import type { Store } from "./state/store.ts";
import { handleConnect } from "./updates/connect.ts";

export type { Outlet } from "./delivery.ts";
export type { Environment, Job } from "./inbox.ts";

/** The state actor; see the module doc. */
export class StateActor implements Context {
  readonly options: ServerOptions;
  readonly registry: Registry;
  readonly store: Store;
  readonly log: Logger = getLogger(["lichat", "server", "actor"]);
  readonly clock: Clock;
  readonly extensions: ExtensionSet;
  readonly users = new Map<string, User>();
  readonly channels = new Map<string, Channel>();
  readonly profiles = new Map<string, Profile>();
  readonly connections = new Map<number, Connection>();
  readonly serverUser: User;
  readonly primary: Channel;
  /** What it counts for /metrics. */
  readonly meters: Meters;

  readonly #delivery: Delivery;
  readonly #outlet: Outlet;
  readonly #random: (n: number) => Uint8Array;
  readonly #inbox: Job[] = [];
  readonly #ops: OperatorLog;
  #draining = false;
  #idCounter: number;
  /** Told when a connection finishes its handshake (the parser stage wants the name). */
  onBound: (conn: number, name: string) => void = () => {};

  /**
   * Make an actor with the server's user and primary channel, state loaded
   * from `store`, the core's and the extensions' updates in `extensions`.
   */
  constructor(
    options: ServerOptions,
    outlet: Outlet,
    store: Store,
    extensions: readonly Extension[],
    env: Environment,
    registry = defaultRegistry,
  ) {
    this.options = options;
    this.registry = registry;
    this.store = store;
    this.clock = env.clock;
    this.#random = env.random ?? ((n) => crypto.getRandomValues(new Uint8Array(n)));
    this.#outlet = outlet;
    this.meters = env.meters ?? new Meters();
    this.#ops = new OperatorLog(this.log, this.meters);
    this.#delivery = new Delivery(this, outlet);
    this.extensions = new ExtensionSet(extensions, options);
    // Start ids at a random point so that server ids rarely equal a client's.
    const r = this.random(5);
    this.#idCounter = r.reduce((n, b) => n * 256 + b, 0);
    this.serverUser = {
      name: options.name,
      key: nameKey(options.name),
      connections: new Set(),
      channels: new Set(),
    };
    this.users.set(this.serverUser.key, this.serverUser);
    this.primary = primaryChannel(this, loadState(this));
    this.channels.set(this.primary.key, this.primary);
    this.addToChannel(this.serverUser, this.primary);
    for (const load of this.extensions.hooks("load")) load(this);
    this.#commit();
  }

  /** Put a request in the inbox; it is handled after those before it. */
  submit(req: Job): void {
    this.#inbox.push(req);
    if (this.#inbox.length > this.meters.inboxPeak) this.meters.inboxPeak = this.#inbox.length;
    if (this.#draining) return;
    this.#draining = true;
    const start = performance.now();
    try {
      for (let r = this.#inbox.shift(); r; r = this.#inbox.shift()) {
        try {
          this.#handle(r);
        } catch (e) {
          // A bug in one handler must not take the server down.
          this.log.error("Request {kind} failed: {error}", { kind: r.kind, error: e });
        }
      }
    } finally {
      this.#draining = false;
      this.#commit();
      this.meters.turn.observe((performance.now() - start) / 1000);
    }
  }

  /**
   * Commit what the requests wrote, in one transaction (group commit). The
   * outlet writes to sockets in a microtask or a timer, both after this:
   * no client sees an update (a delivery, a reply) before it is on disk.
   */
  #commit(): void {
    try {
      this.store.commit?.();
    } catch (e) {
      this.log.error("The store could not commit: {error}", { error: e });
    }
  }

  #handle(r: Job): void {
    switch (r.kind) {
      case "open":
        return this.#open(r.conn, r.transport, r.address);
      case "events":
        return this.#events(r.events);
      case "gone": {
        const c = this.connections.get(r.conn);
        if (c) this.close(c, false, r.reason ?? "peer-closed");
        return;
      }
      case "tick":
        sweep(this, this.clock.now());
        for (const tick of this.extensions.hooks("tick")) tick(this);
        return;
      case "continue":
        return r.run();
      case "shutdown":
        for (const c of [...this.connections.values()]) this.close(c, true, "server-shutdown");
    }
  }

  #events(events: readonly StageEvent[]): void {
    // One clock reading and one log-level check per batch, not per update.
    const now = this.clock.now();
    const debug = this.log.isEnabledFor("debug");
    for (let i = 0; i < events.length;) {
      // Debug logging wants every update on its own.
      const n = debug ? 1 : runLength(events, i);
      const relayed = this.#event(events[i], now, debug);
      if (n > 1 && relayed?.repeatable) {
        this.#delivery.relayRest(events, i + 1, i + n - 1, relayed.channel);
        i += n;
      } else i++;
    }
  }

  #open(id: number, transport: Transport, address: string): void {
    this.#ops.opened(id, address, transport);
    openConnection(this, { id, transport, address });
  }

  /** One event of the parser stage; what it relayed, if it relayed a worker's bytes. */
  #event(e: StageEvent, now: number, debug: boolean): Relayed | undefined {
    const conn = this.connections.get(e.conn);
    if (!conn) return;
    conn.lastUpdate = now;
    conn.pinged = false;
    if (e.kind === "flood-close") {
      this.log.warning("Connection {id} keeps flooding; closing it.", { id: conn.id });
      this.close(conn, true, "flood");
    } else if (e.kind === "failure") {
      this.log.debug("Connection {id} sent what the parser refused: {failure}", {
        id: conn.id,
        failure: e.failure,
      });
      this.fail(conn, e.id === undefined ? undefined : { id: e.id }, e.failure, e.text);
      // A handshake that fails is not retried on the same connection (§4.1).
      if (!conn.user && e.failure !== "clock-skewed") this.close(conn, false);
    } else {
      // The update whole (passwords, what is said) only at trace.
      if (debug) logUpdate(this.log, conn.id, e.update);
      if (conn.connecting) conn.held.push(e.update);
      else return this.#dispatch(conn, e.update, e.bytes && { bytes: e.bytes, whole: !e.stripped });
    }
  }

  dispatch(conn: Connection, u: Update): void {
    this.#dispatch(conn, u, undefined);
  }

  /** Handle one parsed update from a connection; `said` is its worker-printed form. */
  #dispatch(conn: Connection, u: Update, said: Said | undefined): Relayed | undefined {
    if (!this.connections.has(conn.id)) return;
    const user = conn.user;
    if (!user) {
      if (u.type === "connect") handleConnect(this, conn, u);
      else {
        this.fail(conn, u, "invalid-update", "The first update must be a connect update.");
        this.close(conn, false);
      }
      return;
    }
    if (u.type === "connect") {
      this.fail(
        conn,
        u,
        "already-connected",
        "This connection has completed its handshake already.",
      );
      return;
    }
    const h = this.extensions.handlers.get(u.type);
    const checked = check(this, conn, user, u, h, said);
    if (checked.kind !== "pass") return;
    if (!h) {
      this.fail(conn, u, "invalid-update", `This server does not support ${u.type} updates.`);
      return;
    }
    return this.#ops.moderated(conn, u, () => h.handle(this, checked.req) ?? undefined);
  }

  now(): number {
    return universalTime(this.clock.now());
  }

  random(n: number): Uint8Array {
    return this.#random(n);
  }

  bound(conn: Connection): void {
    this.#delivery.changed();
    this.onBound(conn.id, conn.user!.name);
  }

  nextId(): number {
    return ++this.#idCounter;
  }

  make<K extends UpdateName>(type: K, fields: Fields<K>): UpdateOf<K> & Update {
    const u: Update = { type, id: this.nextId(), clock: this.now(), from: this.serverUser.name };
    const f = fields as Record<string, Value | undefined>;
    for (const k in f) if (f[k] !== undefined) u[k] = f[k];
    return u as UpdateOf<K> & Update;
  }

  send(update: Update, to: Iterable<Connection>, bytes?: Uint8Array): void {
    this.#delivery.send(update, to, bytes);
  }

  sendToChannel(update: Update, channel: Channel, said?: Said): void {
    this.#delivery.toChannel(update, channel, said);
  }

  relay(req: AnyReq, update?: Update): Relayed | undefined {
    return this.#delivery.relay(req, update);
  }

  sendToUser(update: Update, user: User): void {
    this.#delivery.send(update, user.connections);
  }

  fail(
    conn: Connection,
    request: { id: Id } | undefined,
    type: FailureType,
    text: string,
    extra: Record<string, Value> = {},
  ): void {
    this.#ops.failed(conn, request, type);
    const id = request?.id ?? this.nextId();
    const hasUpdateId = this.registry.get(type)?.slotsByKey.has("update-id") ?? false;
    const u: Update = { type, id, clock: this.now(), from: this.serverUser.name, text };
    if (hasUpdateId) u["update-id"] = id;
    Object.assign(u, extra);
    this.#outlet.send(u, [conn.id]);
  }

  close(conn: Connection, polite: boolean, reason?: string): void {
    if (!this.connections.delete(conn.id)) return;
    this.#ops.closed(conn, reason, this.now());
    // §4.3 steps 1–2.
    if (polite) this.#outlet.send(this.make("disconnect", {}), [conn.id]);
    this.#outlet.close(conn.id);
    this.#delivery.changed();
    closeConnection(this, conn);
  }

  later<T>(work: Promise<T>, then: (result: T | Error) => void): void {
    // Password hashing is what handlers wait for: /metrics shows the queue.
    this.meters.hashing++;
    work.finally(() => this.meters.hashing--).then(
      (v) => this.submit({ kind: "continue", run: () => then(v) }),
      (e) =>
        this.submit({
          kind: "continue",
          run: () => then(e instanceof Error ? e : new Error(String(e))),
        }),
    );
  }

  findUser(name: string): User | undefined {
    return this.users.get(nameKey(name));
  }

  findChannel(name: string): Channel | undefined {
    return this.channels.get(nameKey(name));
  }

  createChannel(name: string, kind: "regular" | "anonymous", registrant: string): Channel {
    const channel = newChannel(this, name, kind, registrant);
    this.channels.set(channel.key, channel);
    this.saveChannel(channel);
    return channel;
  }

  removeChannel(channel: Channel): void {
    for (const user of [...channel.users]) {
      channel.users.delete(user);
      user.channels.delete(channel);
    }
    this.#delivery.changed();
    this.channels.delete(channel.key);
    if (channel.kind !== "anonymous") this.store.deleteChannel(channel.key);
    for (const gone of this.extensions.hooks("channelGone")) gone(this, channel);
  }

  removeProfile(profile: Profile): void {
    this.profiles.delete(profile.key);
    this.store.deleteProfile(profile.key);
    for (const gone of this.extensions.hooks("profileGone")) gone(this, profile);
  }

  saveProfile(profile: Profile): void {
    this.store.saveProfile(profileRecord(profile));
  }

  saveChannel(channel: Channel): void {
    if (channel.kind === "anonymous") return; // they end with their last user
    this.store.saveChannel(channelRecord(channel));
  }

  addToChannel(user: User, channel: Channel): void {
    this.#delivery.changed();
    channel.users.add(user);
    user.channels.add(channel);
    channel.emptySince = undefined;
  }

  entered(user: User, channel: Channel, join: Update): void {
    for (const entered of this.extensions.hooks("entered")) entered(this, user, channel, join);
  }

  removeFromChannel(user: User, channel: Channel): void {
    this.#delivery.changed();
    channel.users.delete(user);
    user.channels.delete(channel);
    if (channel.users.size > 0) return;
    channel.emptySince = this.now();
    // Anonymous channels end with their last user.
    if (channel.kind === "anonymous") this.removeChannel(channel);
  }

  permitted(type: string, channel: Channel, user: User | string): boolean {
    return permittedIn(this, type, channel, user);
  }
}
