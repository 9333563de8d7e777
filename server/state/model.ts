/**
 * The server objects of spec §2: connections, users, profiles, channels.
 * Only the state actor holds and changes them.
 *
 * @module
 */
import type { Update } from "../../protocol/mod.ts";
import type { ChannelKind, RuleSet } from "../permissions.ts";

/** How a connection reached the server. */
export type Transport = "tcp" | "websocket" | "irc";

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
  /**
   * It proved a registered profile's password (and the `verify` hooks'
   * secrets) at connect, §4.1 step 7: what `--admins` rights need.
   */
  authenticated: boolean;
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

/** A profile (§2.3): a registered name's password hash; extensions keep the rest (state/slots.ts). */
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
}

/** A channel (§2.4); extensions keep their parts of it beside it (state/slots.ts). */
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
}
