/**
 * What a handler sees of the state actor: the state, the settings, and the
 * ways to answer. Handlers run inside the actor, one request at a time.
 *
 * @module
 */
import type { Id, Registry, Update, Value } from "../protocol/mod.ts";
import type { Logger } from "@logtape/logtape";
import type { ServerOptions } from "./options.ts";
import type { Channel, Connection, Profile, User } from "./state/model.ts";
import type { Store } from "./state/store.ts";
import type { LinkStore } from "./links.ts";

/** The failure updates handlers send. */
export type FailureType =
  | "malformed-update"
  | "update-too-long"
  | "connection-unstable"
  | "too-many-connections"
  | "invalid-update"
  | "already-connected"
  | "username-mismatch"
  | "incompatible-version"
  | "invalid-password"
  | "no-such-profile"
  | "username-taken"
  | "no-such-channel"
  | "registration-rejected"
  | "already-in-channel"
  | "not-in-channel"
  | "channelname-taken"
  | "too-many-channels"
  | "bad-name"
  | "insufficient-permissions"
  | "invalid-permissions"
  | "no-such-user"
  | "too-many-updates"
  | "clock-skewed"
  | "shirakumo:bad-content-type"
  | "shirakumo:no-such-channel-info"
  | "shirakumo:malformed-channel-info"
  | "shirakumo:no-such-user-info"
  | "shirakumo:malformed-user-info"
  | "shirakumo:no-such-parent-channel"
  | "shirakumo:bad-ip-format"
  | "shirakumo:emote-list-full"
  | "shirakumo:invalid-otp-key"
  | "shirakumo:identity-already-used";

/** An address ban (shirakumo-ip): the address and the bits ignored, as 128-bit numbers. */
export interface IpBan {
  readonly ip: bigint;
  readonly mask: bigint;
}

/** The state actor, as handlers use it. */
export interface Context {
  /** The server's settings. */
  readonly options: ServerOptions;
  /** The update classes. */
  readonly registry: Registry;
  /** Lasting storage. */
  readonly store: Store;
  /** The log of the actor. */
  readonly log: Logger;
  /** Live users by name key. */
  readonly users: Map<string, User>;
  /** Channels by name key. */
  readonly channels: Map<string, Channel>;
  /** Profiles by name key. */
  readonly profiles: Map<string, Profile>;
  /** Names that may not connect (shirakumo-server-management), name key to name. */
  readonly blacklist: Map<string, string>;
  /** Addresses that may not connect (shirakumo-ip). */
  readonly ipBlacklist: IpBan[];
  /** Link payloads (shirakumo-link), when `--link-url` is set. */
  readonly links: LinkStore | undefined;
  /** Every open connection by number, bound or not. */
  readonly connections: Map<number, Connection>;
  /** The server's own user. */
  readonly serverUser: User;
  /** The primary channel. */
  readonly primary: Channel;
  /** The extensions this server supports, for `connect` replies. */
  readonly extensions: readonly string[];

  /** Now, in Lichat time. */
  now(): number;
  /** Some profile's block list (shirakumo-block) changed, or a profile went. */
  blocksChanged(): void;
  /** A connection has finished its handshake as `conn.user` (call right after adding it there). */
  bound(conn: Connection): void;
  /** A fresh id for a server-made update. */
  nextId(): number;
  /** Make an update from the server's user with a fresh id and the current clock. */
  make(type: string, fields: Record<string, Value | undefined>): Update;
  /**
   * Send an update to connections; it is printed once, or not at all when
   * its wire `bytes` (NUL-terminated) are given.
   */
  send(update: Update, to: Iterable<Connection>, bytes?: Uint8Array): void;
  /** Send an update to every connection of every user in a channel. */
  sendToChannel(update: Update, channel: Channel): void;
  /** Send an update to every connection of a user. */
  sendToUser(update: Update, user: User): void;
  /**
   * Answer `request` with a failure of `type`: its id and `update-id` are the
   * request's (what existing clients expect), its `from` the server.
   */
  fail(
    conn: Connection,
    request: { id: Id } | undefined,
    type: FailureType,
    text: string,
    extra?: Record<string, Value>,
  ): void;
  /** Close a connection, running §4.3 (with `disconnect` when `polite`). */
  close(conn: Connection, polite: boolean): void;
  /** Handle a parsed update from a connection, as if it just arrived. */
  dispatch(conn: Connection, update: Update): void;
  /** Run `then` inside the actor once `work` settles (for password hashing). */
  later<T>(work: Promise<T>, then: (result: T | Error) => void): void;

  /** The user of that name, if live. */
  findUser(name: string): User | undefined;
  /** The channel of that name, if any. */
  findChannel(name: string): Channel | undefined;
  /** Add a user to a channel (no updates sent). */
  addToChannel(user: User, channel: Channel): void;
  /** Remove a user from a channel (no updates sent). */
  removeFromChannel(user: User, channel: Channel): void;
  /** May `user` send an update of `type` to `channel`? */
  permitted(type: string, channel: Channel, user: User | string): boolean;
}

/** A handler for one update class; the generic checks of §5.1 have passed. */
export type Handler = (ctx: Context, conn: Connection, update: Update) => void;
