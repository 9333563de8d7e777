/**
 * What an IRC session keeps about its channels and its open requests.
 *
 * @module
 */

/** A Lichat channel shown as an IRC channel. */
export interface ChannelView {
  /** The Lichat name. */
  readonly name: string;
  /** The IRC name. */
  readonly irc: string;
  /** Its users, name key to name, as the `users` reply and later joins and leaves tell. */
  readonly members: Map<string, string>;
  /** The `users` reply has come: `members` is the whole list. */
  named: boolean;
}

/**
 * An anonymous channel this user is in. With one other user it is a
 * private conversation (`query`) shown as messages to and from that nick;
 * with more, or fewer, an IRC channel `#@name` (`group`). `probe` while
 * its users are being asked for; what arrives meanwhile waits in `held`.
 */
export interface AnonView {
  /** The Lichat name (`@…`). */
  readonly name: string;
  mode: "probe" | "query" | "group";
  /** The other user of a query. */
  peer?: string;
  /** Messages that came while probing. */
  held: import("../../protocol/mod.ts").Update[];
}

/** A request sent to the server, by what its answer means to IRC. */
export type Pending =
  | { readonly kind: "connect"; readonly sasl: boolean }
  | { readonly kind: "join"; readonly channel: string; readonly irc: string }
  | { readonly kind: "create"; readonly channel: string; readonly irc: string }
  | { readonly kind: "part"; readonly irc: string }
  | { readonly kind: "topic"; readonly irc: string; readonly onJoin: boolean }
  | { readonly kind: "set-topic"; readonly irc: string }
  | {
    readonly kind: "users";
    readonly irc: string;
    /** What the list is for: the NAMES after a join, a NAMES or WHO command, an anonymous channel. */
    readonly for: "join" | "names" | "who" | "probe";
  }
  | { readonly kind: "user-info"; readonly nick: string; readonly for: "whois" | "who" }
  | { readonly kind: "channels" }
  | { readonly kind: "kick"; readonly irc: string; readonly nick: string }
  | { readonly kind: "invite"; readonly irc: string; readonly nick: string }
  | { readonly kind: "message"; readonly target: string; readonly notice?: boolean }
  | { readonly kind: "query-create"; readonly nick: string; readonly target: string }
  | { readonly kind: "query-pull"; readonly nick: string; readonly channel: string }
  | { readonly kind: "ping"; readonly token: string }
  | {
    readonly kind: "mode";
    readonly irc: string;
    readonly channel: string;
    readonly change: ModeChange[];
  }
  | { readonly kind: "mode-query"; readonly irc: string; readonly bans: boolean }
  | {
    readonly kind: "grant";
    readonly irc: string;
    readonly shown?: string;
    readonly nick?: string;
  }
  | { readonly kind: "backfill"; readonly irc: string; readonly batch: string }
  | { readonly kind: "react"; readonly target: string }
  | { readonly kind: "away"; readonly away: boolean }
  | { readonly kind: "quit" };

/** One change of a MODE command: `+o nick`, `-b mask`, `+m`. */
export interface ModeChange {
  readonly add: boolean;
  readonly mode: string;
  readonly arg?: string;
}
