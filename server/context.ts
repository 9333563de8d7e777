/**
 * What a handler sees of the state actor: the state, the settings, and the
 * ways to answer. Handlers run inside the actor, one request at a time.
 *
 * @module
 */
import type { FailureName, Id, Registry, Update, UpdateTypes, Value } from "../protocol/mod.ts";
import type { Logger } from "@logtape/logtape";
import type { Clock } from "./clock.ts";
import type { ExtensionSet } from "./extension_set.ts";
import type { Relayed, Said } from "./extension.ts";
import type { ServerOptions } from "./options.ts";
import type { Channel, Connection, Profile, User } from "./state/model.ts";
import type { Store } from "./state/store.ts";

/** The name of an update class with a generated type. */
export type UpdateName = keyof UpdateTypes;

/** The generated type of an update class. */
export type UpdateOf<K extends UpdateName> = UpdateTypes[K];

/** The slots a type declares, without `Update`'s index signature. */
type Declared<T> = {
  [P in keyof T as string extends P ? never : P extends "type" ? never : P]: T[P];
};

/**
 * The fields to build an update of class `K` from: every declared slot but
 * `type`, with `id`, `clock` and `from` filled in when left out. A field
 * the class lacks is a type error.
 */
export type Fields<K extends UpdateName> =
  & Omit<Declared<UpdateOf<K>>, "id" | "clock" | "from">
  & Partial<Pick<Declared<UpdateOf<K>>, "id" | "clock" | "from">>;

/** The failure updates the server sends. */
export type FailureType = FailureName | "shirakumo:identity-already-used";

/** An update from a connected user on its way to its handler; {@linkcode Req} types it. */
export interface AnyReq {
  /** The connection it came over. */
  readonly conn: Connection;
  /** The sender. */
  readonly user: User;
  /** The update, its `from` filled in (§5.1 step 5). */
  readonly update: Update;
  /**
   * The channel §5.1 steps 6 and 8 resolved: the update's own for channel
   * updates (it exists), else the primary channel.
   */
  readonly channel: Channel;
  /** Its wire form, when a parser worker printed it (chatter). */
  readonly said: Said | undefined;
  /**
   * The update with every string it was sent with: `update` itself, or read
   * again from the worker's bytes where its long strings were cut off on the
   * way (a data payload; see workers/messages.ts).
   */
  whole(): Update;
  /** Answer the request with a failure of `type` (its id, and `update-id` where the class has it). */
  fail(type: FailureType, text: string, extra?: Record<string, Value>): void;
  /** Send the sender's connection an update of `type` with the request's id, from the server. */
  reply<R extends UpdateName>(type: R, fields: Fields<R>): void;
  /** Send the update itself back to the sender's connection, with `changes` over it. */
  echo(changes?: Record<string, Value | undefined>): void;
}

/** A request whose update is of class `K` (or one of the classes `K` names). */
export interface Req<K extends UpdateName> extends AnyReq {
  /** The update, as its class's type; its `from` filled in (§5.1 step 5). */
  readonly update: UpdateOf<K> & Update;
}

/** The state actor, as handlers and extension hooks use it. */
export interface Context {
  /** The server's settings. */
  readonly options: ServerOptions;
  /** The update classes. */
  readonly registry: Registry;
  /** Lasting storage. */
  readonly store: Store;
  /** The log of the actor. */
  readonly log: Logger;
  /** The server's clock. */
  readonly clock: Clock;
  /** The extensions, and the tables derived from them. */
  readonly extensions: ExtensionSet;
  /** Live users by name key. */
  readonly users: Map<string, User>;
  /** Channels by name key. */
  readonly channels: Map<string, Channel>;
  /** Profiles by name key. */
  readonly profiles: Map<string, Profile>;
  /** Every open connection by number, bound or not. */
  readonly connections: Map<number, Connection>;
  /** The server's own user. */
  readonly serverUser: User;
  /** The primary channel. */
  readonly primary: Channel;

  /** Now, in Lichat time (seconds since 1900). */
  now(): number;
  /** `n` random bytes (the one source of randomness of the state). */
  random(n: number): Uint8Array;
  /** A connection has finished its handshake as `conn.user` (call right after adding it there). */
  bound(conn: Connection): void;
  /** A fresh id for a server-made update. */
  nextId(): number;
  /** Make an update from the server's user with a fresh id and the current clock. */
  make<K extends UpdateName>(type: K, fields: Fields<K>): UpdateOf<K> & Update;
  /**
   * Send an update to connections; it is printed once, or not at all when
   * its wire `bytes` (NUL-terminated) are given.
   */
  send(update: Update, to: Iterable<Connection>, bytes?: Uint8Array): void;
  /**
   * Send an update to every connection of every user in a channel, and let
   * the extensions keep it; with `said`, exactly as the worker printed it.
   */
  sendToChannel(update: Update, channel: Channel, said?: Said): void;
  /** Send an update to every connection of a user. */
  sendToUser(update: Update, user: User): void;
  /**
   * Relay what a member said (chatter) to the channel, as the `say` hooks
   * allow (pause, quiet, link): what a chatter handler returns.
   */
  relay(req: AnyReq, update?: Update): Relayed | undefined;
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
  /**
   * Close a connection, running §4.3 (with `disconnect` when `polite`);
   * `reason` is what the log says, when the failure sent last does not.
   */
  close(conn: Connection, polite: boolean, reason?: string): void;
  /** Handle a parsed update from a connection, as if it just arrived. */
  dispatch(conn: Connection, update: Update): void;
  /** Run `then` inside the actor once `work` settles (for password hashing). */
  later<T>(work: Promise<T>, then: (result: T | Error) => void): void;

  /** The user of that name, if live. */
  findUser(name: string): User | undefined;
  /** The channel of that name, if any. */
  findChannel(name: string): Channel | undefined;
  /** Make a new channel (and keep it, unless anonymous). */
  createChannel(name: string, kind: "regular" | "anonymous", registrant: string): Channel;
  /** End a channel: its users are taken out without a word, its state and records go. */
  removeChannel(channel: Channel): void;
  /** End a profile: its records go. */
  removeProfile(profile: Profile): void;
  /** Store a profile as it is now. */
  saveProfile(profile: Profile): void;
  /** Store a channel's rules and lasting parts as they are now (not anonymous ones). */
  saveChannel(channel: Channel): void;
  /** Add a user to a channel (no updates sent). */
  addToChannel(user: User, channel: Channel): void;
  /** Tell the extensions that `user` entered `channel` with `join`. */
  entered(user: User, channel: Channel, join: Update): void;
  /** Remove a user from a channel (no updates sent). */
  removeFromChannel(user: User, channel: Channel): void;
  /** May `user` send an update of `type` to `channel`? */
  permitted(type: string, channel: Channel, user: User | string): boolean;
}
