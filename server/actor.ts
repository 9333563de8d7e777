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
import type { Context, FailureType, IpBan } from "./context.ts";
import { checkGeneral } from "./checks.ts";
import { HANDLERS, SUPPORTED_EXTENSIONS } from "./handlers/mod.ts";
import { handleConnect } from "./handlers/connect.ts";
import { saveProfile } from "./handlers/persist.ts";
import { emptyChannelInfo } from "./handlers/channel_info.ts";
import { defaultRoles, roleVerdict } from "./handlers/roles.ts";
import { recordHistory } from "./handlers/history.ts";
import { markEntry } from "./handlers/last_read.ts";
import { ipBanned } from "./handlers/ip.ts";
import { parseIp } from "./ip.ts";
import { LinkStore } from "./links.ts";
import { type PrintedEvent, runBytes, runLength } from "./runs.ts";
import { sweep } from "./liveness.ts";
import type { ServerOptions } from "./options.ts";
import { defaultRules, grantAdmins, permitsKey } from "./permissions.ts";
import type { Channel, Connection, Profile, Role, Transport, User } from "./state/model.ts";
import type { ChannelRecord, Store } from "./state/store.ts";

/** What the actor asks of the connection side. */
export interface Outlet {
  /**
   * Print `update` once and queue it on each connection; `bytes`, when
   * given, are its wire form already (NUL-terminated), or that of `count`
   * updates in a row (a run, see server/runs.ts).
   */
  send(update: Update, to: readonly number[], bytes?: Uint8Array, count?: number): void;
  /** Flush what is queued for the connection, then close it. */
  close(conn: number): void;
}

/** A stored channel's info over the empty one, so that every key is there. */
function storedInfo(c: ChannelRecord): Map<string, string> {
  const info = emptyChannelInfo();
  for (const [k, v] of c.info ?? []) if (info.has(k)) info.set(k, v);
  return info;
}

/** A stored channel's roles, or the default ones if it has none on file. */
function storedRoles(c: ChannelRecord): Map<string, Role> {
  if (!c.roles) return defaultRoles(c.registrant);
  return new Map(c.roles.map((r) => [r.name.toLowerCase(), {
    name: r.name,
    permissions: new Map(r.permissions),
    members: new Map(r.members.map((n) => [nameKey(n), n])),
  }]));
}

/** A request in the actor's inbox. */
export type Request =
  /** A transport accepted a connection. */
  | {
    readonly kind: "open";
    readonly conn: number;
    readonly transport: Transport;
    readonly address: string;
  }
  /** The parser stage's events. */
  | { readonly kind: "events"; readonly events: readonly StageEvent[] }
  /** The transport lost the connection. */
  | { readonly kind: "gone"; readonly conn: number }
  /** Once a second: pings, timeouts, expiry. */
  | { readonly kind: "tick" }
  /** A continuation of asynchronous work started by a handler. */
  | { readonly kind: "continue"; readonly run: () => void }
  /** Say goodbye to every connection. */
  | { readonly kind: "shutdown" };

/** The state actor; see the module doc. */
export class StateActor implements Context {
  readonly options: ServerOptions;
  readonly registry: Registry;
  readonly store: Store;
  readonly log: Logger = getLogger(["lichat", "server", "actor"]);
  readonly users = new Map<string, User>();
  readonly channels = new Map<string, Channel>();
  readonly profiles = new Map<string, Profile>();
  readonly blacklist = new Map<string, string>();
  readonly ipBlacklist: IpBan[] = [];
  readonly links: LinkStore | undefined;
  readonly connections = new Map<number, Connection>();
  readonly serverUser: User;
  readonly primary: Channel;
  extensions: readonly string[] = SUPPORTED_EXTENSIONS;

  readonly #outlet: Outlet;
  readonly #inbox: Request[] = [];
  #draining = false;
  #idCounter: number;
  /** Sequence of distributed channel updates, for backlogs. */
  #seq = 0;
  /** The update being handled and its wire bytes, when a worker printed it. */
  #relayingUpdate: Update | undefined;
  #relayingBytes: Uint8Array | undefined;
  /** Where the update being handled went with a worker's bytes, if it did. */
  #relayedTo: Channel | undefined;
  /** Bumped whenever a channel's users or a user's connections change. */
  #membership = 0;
  readonly #recipientCache = new WeakMap<Channel, { version: number; ids: readonly number[] }>();
  /** Told when a connection finishes its handshake (the parser stage wants the name). */
  onBound: (conn: number, name: string) => void = () => {};
  /** Clock in milliseconds; replaceable in tests. */
  clock: () => number = () => Date.now();

  /** Make an actor with the server's user and primary channel, state loaded from `store`. */
  constructor(options: ServerOptions, outlet: Outlet, store: Store, registry = defaultRegistry) {
    this.options = options;
    this.registry = registry;
    this.store = store;
    this.#outlet = outlet;
    // Start ids at a random point so that server ids rarely equal a client's.
    this.#idCounter = Math.floor(Math.random() * 2 ** 40);
    this.serverUser = {
      name: options.name,
      key: nameKey(options.name),
      connections: new Set(),
      channels: new Set(),
    };
    this.users.set(this.serverUser.key, this.serverUser);
    for (const p of store.loadProfiles()) {
      const { info, blocks, otpKey, lending, identities, ...rest } = p;
      this.profiles.set(nameKey(p.name), {
        ...rest,
        otpKey: otpKey || undefined,
        lending: lending?.length ? new Map(lending) : undefined,
        identities: identities?.length
          ? new Map(identities.map((n) => [nameKey(n), n]))
          : undefined,
        key: nameKey(p.name),
        info: info?.length ? new Map(info) : undefined,
        blocks: blocks?.length ? new Map(blocks.map((n) => [nameKey(n), n])) : undefined,
      });
    }
    this.blocksChanged();
    this.links = options.linkUrl ? new LinkStore(options.linkStorage) : undefined;
    // shirakumo-link is offered only where payloads can be served.
    if (!this.links) this.extensions = SUPPORTED_EXTENSIONS.filter((e) => e !== "shirakumo-link");
    for (const name of store.loadBlacklist()) this.blacklist.set(nameKey(name), name);
    for (const [ip, mask] of store.loadIpBlacklist()) {
      const i = parseIp(ip);
      const m = parseIp(mask);
      if (i !== undefined && m !== undefined) this.ipBlacklist.push({ ip: i, mask: m });
    }
    let stored: ChannelRecord | undefined;
    for (const c of store.loadChannels()) {
      if (c.kind === "primary") {
        // Its rules and info as set; only if the server kept its name.
        if (nameKey(c.name) === nameKey(options.name)) stored = c;
        continue;
      }
      this.channels.set(nameKey(c.name), {
        name: c.name,
        key: nameKey(c.name),
        kind: c.kind,
        registrant: c.registrant,
        permissions: new Map(c.permissions),
        users: new Set(),
        createdOn: c.createdOn,
        emptySince: this.now(),
        backlog: [],
        joined: new Map(),
        pause: 0,
        lastUpdate: new Map(),
        quiet: new Map(),
        info: storedInfo(c),
        emotes: new Map(),
        roles: storedRoles(c),
        history: [],
      });
    }
    this.primary = {
      name: options.name,
      key: nameKey(options.name),
      kind: "primary",
      registrant: options.name,
      permissions: stored ? new Map(stored.permissions) : defaultRules("primary", options.name),
      users: new Set(),
      createdOn: this.now(),
      emptySince: undefined,
      backlog: [],
      joined: new Map(),
      pause: 0,
      lastUpdate: new Map(),
      quiet: new Map(),
      info: stored ? storedInfo(stored) : emptyChannelInfo(),
      emotes: new Map(),
      roles: stored ? storedRoles(stored) : defaultRoles(options.name),
      history: [],
    };
    this.channels.set(this.primary.key, this.primary);
    this.addToChannel(this.serverUser, this.primary);
    for (const { channel, emote } of store.loadEmotes()) {
      this.channels.get(channel)?.emotes.set(emote.name.toLowerCase(), emote);
    }
    grantAdmins(this.primary, options.admins);
  }

  /** Put a request in the inbox; it is handled after those before it. */
  submit(req: Request): void {
    this.#inbox.push(req);
    if (this.#draining) return;
    this.#draining = true;
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
    }
  }

  #handle(r: Request): void {
    switch (r.kind) {
      case "open":
        this.#open(r.conn, r.transport, r.address);
        break;
      case "events": {
        // One clock reading and one log-level check per batch, not per update.
        const now = this.clock();
        const debug = this.log.isEnabledFor("debug");
        const events = r.events;
        for (let i = 0; i < events.length;) {
          // Debug logging wants every update on its own.
          const n = debug ? 1 : runLength(events, i);
          this.#relayedTo = undefined;
          this.#event(events[i], now, debug);
          // (#event may have set it: TypeScript cannot see that.)
          const relayed = this.#relayedTo as Channel | undefined;
          // A paused channel times each update (shirakumo-pause): no runs there.
          if (n > 1 && relayed && relayed.pause === 0) {
            this.#relayRest(events, i + 1, i + n - 1, relayed);
            i += n;
          } else i++;
        }
        break;
      }
      case "gone": {
        const c = this.connections.get(r.conn);
        if (c) this.close(c, false);
        break;
      }
      case "tick":
        sweep(this, this.clock());
        break;
      case "continue":
        r.run();
        break;
      case "shutdown":
        for (const c of [...this.connections.values()]) this.close(c, true);
        break;
    }
  }

  #open(id: number, transport: Transport, address: string): void {
    const conn: Connection = {
      id,
      transport,
      address,
      connectedOn: this.now(),
      user: undefined,
      connecting: false,
      held: [],
      lastUpdate: this.clock(),
      pinged: false,
    };
    this.connections.set(id, conn);
    // shirakumo-ip: the step before all others; a banned address hears nothing.
    if (this.ipBlacklist.length > 0 && ipBanned(this, conn)) return this.close(conn, false);
    // §4.1 step 1, checked as early as possible so idle sockets count too.
    if (this.connections.size > this.options.connectionLimit) {
      this.fail(conn, undefined, "too-many-connections", "The server is full; try again later.");
      this.close(conn, false);
    }
  }

  #event(e: StageEvent, now: number, debug: boolean): void {
    const conn = this.connections.get(e.conn);
    if (!conn) return;
    conn.lastUpdate = now;
    conn.pinged = false;
    if (e.kind === "flood-close") {
      this.log.warning("Connection {id} keeps flooding; closing it.", { id: conn.id });
      this.close(conn, true);
    } else if (e.kind === "failure") {
      this.log.warning("Connection {id}: {failure}: {text}", {
        id: conn.id,
        failure: e.failure,
        text: e.text,
      });
      this.fail(conn, e.id === undefined ? undefined : { id: e.id }, e.failure, e.text);
      // A handshake that fails is not retried on the same connection (§4.1).
      if (!conn.user && e.failure !== "clock-skewed") this.close(conn, false);
    } else {
      if (debug) {
        this.log.debug("Connection {id} sent {type} {update}", {
          id: conn.id,
          type: e.update.type,
          update: e.update,
        });
      }
      if (conn.connecting) conn.held.push(e.update);
      else if (e.bytes) {
        this.#relayingUpdate = e.update;
        this.#relayingBytes = e.bytes;
        try {
          this.dispatch(conn, e.update);
        } finally {
          this.#relayingUpdate = this.#relayingBytes = undefined;
        }
      } else this.dispatch(conn, e.update);
    }
  }

  /** Handle one parsed update from a connection (also replays held ones). */
  dispatch(conn: Connection, u: Update): void {
    if (!this.connections.has(conn.id)) return;
    if (!conn.user) {
      if (u.type === "connect") return handleConnect(this, conn, u);
      this.fail(conn, u, "invalid-update", "The first update must be a connect update.");
      return this.close(conn, false);
    }
    if (u.type === "connect") {
      return this.fail(
        conn,
        u,
        "already-connected",
        "This connection has completed its handshake already.",
      );
    }
    if (!checkGeneral(this, conn, u)) return;
    const handler = HANDLERS.get(u.type);
    if (!handler) {
      return this.fail(
        conn,
        u,
        "invalid-update",
        `This server does not support ${u.type} updates.`,
      );
    }
    handler(this, conn, u);
  }

  now(): number {
    return universalTime(this.clock());
  }

  bound(conn: Connection): void {
    this.#membership++;
    this.onBound(conn.id, conn.user!.name);
  }

  nextId(): number {
    return ++this.#idCounter;
  }

  make(type: string, fields: Record<string, Value | undefined>): Update {
    const u: Update = { type, id: this.nextId(), clock: this.now(), from: this.serverUser.name };
    for (const k in fields) if (fields[k] !== undefined) u[k] = fields[k];
    return u;
  }

  send(update: Update, to: Iterable<Connection>, bytes?: Uint8Array): void {
    const ids: number[] = [];
    for (const c of to) ids.push(c.id);
    if (ids.length > 0) this.#outlet.send(update, ids, bytes);
  }

  sendToChannel(update: Update, channel: Channel): void {
    // shirakumo-last-read: entering a channel (create marks its own join).
    if (update.type === "join") markEntry(this, update, channel);
    // A relayed update is sent exactly as the worker printed it.
    const bytes = this.#relayingUpdate === update ? this.#relayingBytes : undefined;
    if (bytes) this.#relayedTo = channel;
    this.#remember(channel, update, bytes);
    const ids = this.#recipients(channel, update.from);
    if (ids.length > 0) this.#outlet.send(update, ids, bytes);
  }

  /**
   * Keep a channel update for shirakumo-backfill; the primary channel is
   * everyone's joins and leaves, which no one backfills.
   */
  #remember(channel: Channel, update: Update, bytes: Uint8Array | undefined): void {
    recordHistory(this, channel, update, bytes);
    if (channel.kind === "primary" || this.options.backlog === 0) return;
    // The bytes are a view of a worker's whole batch: keep a copy only.
    channel.backlog.push({ seq: ++this.#seq, update, bytes: bytes?.slice() });
    if (channel.backlog.length > this.options.backlog) channel.backlog.shift();
  }

  /**
   * Events `from`…`to` continue a run whose first update was just relayed
   * to `channel` (see server/runs.ts): the same checks would pass, so they
   * go on as one block, and only as many as the backlog holds are kept.
   */
  #relayRest(events: readonly StageEvent[], from: number, to: number, channel: Channel): void {
    // The backlog takes only what it holds; sequence numbers count them all.
    const firstKept = to - Math.min(to - from + 1, this.options.backlog) + 1;
    this.#seq += firstKept - from;
    for (let i = from; i <= to; i++) {
      const e = events[i] as PrintedEvent;
      // #remember records history too; search keeps the whole run.
      if (i < firstKept) recordHistory(this, channel, e.update, e.bytes);
      else this.#remember(channel, e.update, e.bytes);
    }
    const last = (events[to] as PrintedEvent).update;
    const ids = this.#recipients(channel, last.from);
    if (ids.length === 0) return;
    this.#outlet.send(last, ids, runBytes(events, from, to), to - from + 1);
  }

  /**
   * The connections of a channel's users, remembered until anyone's
   * membership or connections change: a busy channel's list is made once,
   * not once per message.
   */
  #recipients(channel: Channel, from: Value | undefined): readonly number[] {
    const cached = this.#recipientCache.get(channel);
    let ids: readonly number[];
    if (cached && cached.version === this.#membership) ids = cached.ids;
    else {
      const all: number[] = [];
      for (const u of channel.users) for (const c of u.connections) all.push(c.id);
      this.#recipientCache.set(channel, { version: this.#membership, ids: all });
      ids = all;
    }
    // shirakumo-block: members who blocked the sender do not get it.
    if (this.blockers === 0 || typeof from !== "string") return ids;
    const key = nameKey(from);
    let blocked: Set<number> | undefined;
    for (const u of channel.users) {
      // Users always see their own updates, even ones who blocked themselves.
      if (u.key === key || !this.profiles.get(u.key)?.blocks?.has(key)) continue;
      blocked ??= new Set();
      for (const c of u.connections) blocked.add(c.id);
    }
    return blocked ? ids.filter((id) => !blocked.has(id)) : ids;
  }

  /** Profiles with a non-empty block list; while 0, delivery skips the check. */
  blockers = 0;

  blocksChanged(): void {
    this.blockers = 0;
    for (const p of this.profiles.values()) if (p.blocks?.size) this.blockers++;
  }

  sendToUser(update: Update, user: User): void {
    this.send(update, user.connections);
  }

  fail(
    conn: Connection,
    request: { id: Id } | undefined,
    type: FailureType,
    text: string,
    extra: Record<string, Value> = {},
  ): void {
    const id = request?.id ?? this.nextId();
    const hasUpdateId = this.registry.get(type)?.slotsByKey.has("update-id") ?? false;
    const u: Update = { type, id, clock: this.now(), from: this.serverUser.name, text };
    if (hasUpdateId) u["update-id"] = id;
    Object.assign(u, extra);
    this.#outlet.send(u, [conn.id]);
  }

  close(conn: Connection, polite: boolean): void {
    if (!this.connections.delete(conn.id)) return;
    // §4.3 steps 1–2.
    if (polite) this.#outlet.send(this.make("disconnect", {}), [conn.id]);
    this.#outlet.close(conn.id);
    conn.held = [];
    const user = conn.user;
    if (!user) return;
    // Step 3.
    user.connections.delete(conn);
    this.#membership++;
    const profile = this.profiles.get(user.key);
    if (profile) {
      profile.lastSeen = this.now();
      saveProfile(this, profile);
    }
    if (user.connections.size > 0) return;
    // Step 4: the last connection went, so the user leaves every channel.
    for (const ch of [...user.channels]) {
      this.sendToChannel(this.make("leave", { from: user.name, channel: ch.name }), ch);
      this.removeFromChannel(user, ch);
    }
    this.users.delete(user.key);
  }

  later<T>(work: Promise<T>, then: (result: T | Error) => void): void {
    work.then(
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

  addToChannel(user: User, channel: Channel): void {
    this.#membership++;
    channel.users.add(user);
    user.channels.add(channel);
    channel.joined.set(user, this.#seq);
    channel.emptySince = undefined;
  }

  removeFromChannel(user: User, channel: Channel): void {
    this.#membership++;
    channel.users.delete(user);
    user.channels.delete(channel);
    channel.joined.delete(user);
    if (channel.users.size > 0) return;
    channel.emptySince = this.now();
    // Anonymous channels end with their last user.
    if (channel.kind === "anonymous") {
      this.channels.delete(channel.key);
      this.links?.dropChannel(channel.key);
    }
  }

  permitted(type: string, channel: Channel, user: User | string): boolean {
    // Once per check, and per update: the user's key is already at hand.
    const key = typeof user === "string" ? nameKey(user) : user.key;
    if (key === this.serverUser.key) return true;
    if (channel.kind === "anonymous" && typeof user !== "string" && !channel.users.has(user)) {
      return false; // §2.4.2: invisible from outside
    }
    const rule = channel.permissions.get(type);
    // shirakumo-roles: a user's own entry in the rule first, then the roles.
    if (channel.roles.size > 0 && !rule?.names.has(key)) {
      const verdict = roleVerdict(channel, key, type);
      if (verdict !== undefined) return verdict;
    }
    return rule ? permitsKey(rule, key) : true;
  }
}
