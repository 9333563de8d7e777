/**
 * The server objects of spec §2: connections, users, profiles, channels.
 * Only the state actor holds and changes them.
 *
 * @module
 */
import type { Id, Update } from "../../protocol/mod.ts";
import type { ChannelKind, RuleSet } from "../permissions.ts";

/** How a connection reached the server. */
export type Transport = "tcp" | "websocket";

/** A connection as the actor sees it (§2.1). */
export interface Connection {
  /** Server-wide connection number. */
  readonly id: number;
  /** The transport it came over. */
  readonly transport: Transport;
  /** The peer's address, `host:port`. */
  readonly address: string;
  /** When it was accepted, in Lichat time. */
  readonly connectedOn: number;
  /** Its user once the handshake has tied it to one (§4.1 step 10). */
  user: User | undefined;
  /** A password check is under way for its `connect`. */
  connecting: boolean;
  /** Updates that arrived while `connecting`, replayed in order afterwards. */
  held: Update[];
  /** When its last update arrived, in milliseconds (for §4.2 pings). */
  lastUpdate: number;
  /** A ping is out and unanswered since `lastUpdate`. */
  pinged: boolean;
}

/** A user (§2.2): the server's own, or one with at least one connection. */
export interface User {
  /** The name as the user first gave it. */
  readonly name: string;
  /** {@linkcode nameKey} of the name. */
  readonly key: string;
  /** Its connections; empty only for the server's own user. */
  readonly connections: Set<Connection>;
  /** The channels it inhabits, the primary one first. */
  readonly channels: Set<Channel>;
}

/** A profile (§2.3): a registered name's password hash. */
export interface Profile {
  /** The name as registered. */
  readonly name: string;
  /** {@linkcode nameKey} of the name. */
  readonly key: string;
  /** The password hash, as produced by `passwords.ts`. */
  hash: string;
  /** When it was registered, in Lichat time. */
  readonly registeredOn: number;
  /** When its user was last seen, in Lichat time (for expiry). */
  lastSeen: number;
  /**
   * shirakumo-last-read: per channel key, the message last read, as its
   * sender and id. Kept while the server runs.
   */
  lastRead?: Map<string, { readonly target: string; readonly id: Id }>;
  /** shirakumo-user-info: real name, status, … by key name (`real-name`). */
  info?: Map<string, string>;
  /** shirakumo-block: users whose updates this user does not get, name key to name. */
  blocks?: Map<string, string>;
  /** shirakumo-otp: the TOTP secret (base32) a connect must also prove; unset for none. */
  otpKey?: string;
  /** shirakumo-shared-identity: keys lent out, and who redeemed each (null: no one yet). */
  lending?: Map<string, string | null>;
  /** shirakumo-shared-identity: users this one may send as, name key to name. */
  identities?: Map<string, string>;
}

/** A channel (§2.4). */
export interface Channel {
  /** The name as created. */
  readonly name: string;
  /** {@linkcode nameKey} of the name. */
  readonly key: string;
  /** Primary, regular or anonymous. */
  readonly kind: ChannelKind;
  /** The user that created it. */
  readonly registrant: string;
  /** Its permission rules. */
  readonly permissions: RuleSet;
  /** Its users. */
  readonly users: Set<User>;
  /** When it was created, in Lichat time. */
  readonly createdOn: number;
  /** When it last became empty, in Lichat time; undefined while inhabited. */
  emptySince: number | undefined;
  /** The last updates distributed to the channel, oldest first (shirakumo-backfill). */
  readonly backlog: BacklogEntry[];
  /** When each user last joined, as a backlog sequence number. */
  readonly joined: Map<User, number>;
  /** shirakumo-pause: seconds a user must wait between updates; 0 for none. */
  pause: number;
  /** shirakumo-pause: each user's last update here, Lichat time, by name key. */
  readonly lastUpdate: Map<string, number>;
  /** shirakumo-quiet: users whose updates reach only themselves, name key to name. */
  readonly quiet: Map<string, string>;
  /** shirakumo-channel-info: title, topic, …, by key name (`title`). */
  readonly info: Map<string, string>;
  /** shirakumo-emotes: the channel's emotes by lower-cased name. */
  readonly emotes: Map<string, Emote>;
  /** shirakumo-roles: the channel's roles by lower-cased name. */
  readonly roles: Map<string, Role>;
  /** shirakumo-history: its last messages, oldest first, for search. */
  readonly history: Update[];
}

/** A role (shirakumo-roles): update types it grants (true) or denies (false), and its members. */
export interface Role {
  /** The name as set. */
  readonly name: string;
  /** Update class to grant or deny. */
  readonly permissions: Map<string, boolean>;
  /** Members, name key to name. */
  readonly members: Map<string, string>;
}

/** An emote image (shirakumo-emotes). */
export interface Emote {
  /** The name as set. */
  readonly name: string;
  /** Its image's content type. */
  readonly contentType: string;
  /** The image, base64. */
  readonly payload: string;
}

/** An update as it was distributed to a channel, with its place in the sequence. */
export interface BacklogEntry {
  /** Server-wide sequence number, increasing. */
  readonly seq: number;
  /**
   * The update, exactly as sent; without its long strings when `bytes` is
   * there (a worker printed it, see workers/messages.ts).
   */
  readonly update: Update;
  /** Its wire form with the NUL, when a worker printed it. */
  readonly bytes?: Uint8Array;
}
