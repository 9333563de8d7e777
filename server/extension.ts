/**
 * The one seam between the core and the extensions. An extension is one
 * module that exports an {@linkcode Extension}: its names, its handlers, its
 * default rules, and hooks at the few points where the core must ask. The
 * list in `server/extensions/mod.ts` is all the core ever sees of them.
 *
 * @example
 * ```ts
 * import { type Extension, handler } from "./extension.ts";
 * // A made-up extension: `ping` answered with the server's clock.
 * export const CLOCK: Extension = {
 *   name: "example-clock",
 *   handlers: [handler("ping", {}, (ctx, req) => req.reply("pong", {}))],
 * };
 * ```
 *
 * @module
 */
import type { Update, Value } from "../protocol/mod.ts";
import type { AnyReq, Context, Req, UpdateName } from "./context.ts";
import type { ServerOptions } from "./options.ts";
import type { ChannelKind, DefaultRule } from "./permissions.ts";
import type { Channel, Connection, Profile, User } from "./state/model.ts";

export type { AnyReq, Fields, Req, UpdateName } from "./context.ts";

/** What a handler's update must meet before the handler runs; each unmet one is answered. */
export interface Preconditions {
  /** The sender must be in the update's channel (`not-in-channel`). */
  readonly member?: boolean;
  /**
   * The sender must be registered (`no-such-profile`): the words that end
   * "Only registered users …", e.g. "keep a block list".
   */
  readonly registered?: string;
  /**
   * Step 8 is checked against the primary channel whatever the update names
   * (shirakumo.mess §7: `destroy`), and step 6 does not look the channel up.
   */
  readonly againstPrimary?: boolean;
  /**
   * What users say in a channel (message, edit, data, typing, react): sent
   * on as it came, once §5.1 and the handler's own checks pass, and so
   * pre-printed by the parser workers, bridged, paused and quieted.
   */
  readonly chatter?: boolean;
}

/** A request whose preconditions include `registered`: the sender's profile is at hand. */
export type Checked<K extends UpdateName, P extends Preconditions> =
  & Req<K>
  & (P extends { registered: string } ? { readonly profile: Profile } : unknown);

/** What a handler may return: that it relayed the worker's bytes to a channel. */
export interface Relayed {
  /** The channel the update went to, exactly as the worker printed it. */
  readonly channel: Channel;
  /**
   * The same checks would pass for the next update of a run (server/runs.ts):
   * false where a verdict depends on time (a paused channel).
   */
  readonly repeatable: boolean;
}

/** A handler as the core keeps it, its types erased. */
export interface HandlerEntry {
  /** The update class it handles. */
  readonly type: UpdateName;
  /** Its preconditions. */
  readonly pre: Preconditions;
  /** It replaces the handler an earlier extension (or the core) has for the class. */
  readonly replaces?: boolean;
  /** Handle a request whose preconditions hold. */
  readonly handle: (ctx: Context, req: AnyReq) => Relayed | void;
}

/**
 * A typed handler: `handle` receives the update as its generated type, with
 * its channel and user resolved and (with `registered`) the profile.
 */
export function handler<K extends UpdateName, const P extends Preconditions>(
  type: K,
  pre: P,
  handle: (ctx: Context, req: Checked<K, P>) => Relayed | void,
): HandlerEntry {
  // The dispatcher looks the entry up by `type` and checks `pre` first, so
  // the request it passes is of this shape; the table itself is untyped.
  return { type, pre, handle: handle as (ctx: Context, req: AnyReq) => Relayed | void };
}

/**
 * The same handler, replacing the one an earlier entry of the list has for
 * its class: for an extension that changes how a core update is handled
 * (shirakumo-channel-trees' `channels`).
 */
export function replacing(entry: HandlerEntry): HandlerEntry {
  return { ...entry, replaces: true };
}

/** Default rules an extension adds, per channel kind (`channel`: regular and anonymous). */
export interface RuleDefaults {
  /** Rules of the primary channel. */
  readonly primary?: Readonly<Record<string, DefaultRule>>;
  /** Rules of regular and anonymous channels. */
  readonly channel?: Readonly<Record<string, DefaultRule>>;
  /** Rules of anonymous channels only (over `channel`). */
  readonly anonymous?: Readonly<Record<string, DefaultRule>>;
}

/** A refusal: the failure a connect gets, with its text. */
export interface Refusal {
  /** The failure update's class. */
  readonly failure: Parameters<Context["fail"]>[2];
  /** Its text. */
  readonly text: string;
}

/**
 * What a `say` hook decides for something a user says in a channel:
 * `refused` (the hook answered the sender already), heard by the sender
 * alone (`self`), replaced by another update (`replace`), or let through
 * but not for a whole run at once (`once`: the verdict depends on time);
 * undefined lets it through.
 */
export type Verdict =
  | { readonly kind: "refused" }
  | { readonly kind: "self" }
  | { readonly kind: "replace"; readonly update: Update }
  | { readonly kind: "once" }
  | undefined;

/** The channel step 6 resolves for an update, decided by an extension. */
export type Target =
  | { readonly channel: Channel }
  | { readonly missing: Refusal };

/** An extension: one module's worth of protocol, declared. */
export interface Extension {
  /** The name `connect` announces (`shirakumo-pause`); empty for the core itself. */
  readonly name: string;
  /** Further names announced for it (the spellings other clients use). */
  readonly aliases?: readonly string[];
  /** Whether it is offered with these options (default: always). */
  readonly offered?: (options: ServerOptions) => boolean;
  /** Its update handlers. */
  readonly handlers?: readonly HandlerEntry[];
  /** Its default rules. */
  readonly rules?: RuleDefaults;
  /**
   * Update fields that, when present, make the parser keep the update's
   * clock and require its `from` and `clock` (shirakumo-sign).
   */
  readonly signatureFields?: readonly string[];

  /** At start, after the core's state is loaded: read what it keeps in the store. */
  readonly load?: (ctx: Context) => void;
  /** A connection opened; false drops it without a word (before §4.1 step 1). */
  readonly open?: (ctx: Context, conn: Connection) => boolean;
  /** §4.1 after step 4: refuse the name (undefined lets it on). */
  readonly admit?: (ctx: Context, name: string, key: string) => Refusal | undefined;
  /** §4.1 after step 7: further proof a registered user must give (shirakumo-otp). */
  readonly verify?: (ctx: Context, profile: Profile, update: Update) => Promise<boolean>;
  /** A profile was registered, or its password changed, by `update` (§5.2 steps 2–4). */
  readonly registered?: (ctx: Context, profile: Profile, update: Update) => void;
  /** §5.1 step 5: may `user` send as `from`, another name? */
  readonly sendAs?: (ctx: Context, user: User, from: string) => boolean;
  /** §5.1 before step 6: a failure for the update (undefined: none). */
  readonly precheck?: (ctx: Context, update: Update) => Refusal | undefined;
  /** §5.1 step 6: the channel the update is checked against, where the extension decides. */
  readonly target?: (ctx: Context, update: Update) => Target | undefined;
  /**
   * After step 6: take the update over (shirakumo-bridge); true when taken,
   * answered or delivered, and the core does nothing more with it.
   */
  readonly divert?: (ctx: Context, req: AnyReq) => boolean;
  /** §5.1 step 7: does the server know a user of this name key beyond users and profiles? */
  readonly knows?: (ctx: Context, key: string) => boolean;
  /**
   * §5.1 step 8: a verdict for the user (name key) and update class in the
   * channel, consulted when the user has no entry of its own in the rule.
   */
  readonly permit?: (
    ctx: Context,
    channel: Channel,
    key: string,
    type: string,
  ) => boolean | undefined;
  /** A user is about to say something (chatter) in a channel. */
  readonly say?: (ctx: Context, req: AnyReq) => Verdict;
  /**
   * Who of a channel's connections get an update from `from` (shirakumo-block);
   * `ids` must not be changed; return it when nothing is taken away.
   */
  readonly recipients?: (
    ctx: Context,
    channel: Channel,
    from: string,
    ids: readonly number[],
  ) => readonly number[];
  /**
   * An update went to a channel (kept for backfill or search); `said` is
   * its wire form when it went as a worker printed it.
   */
  readonly delivered?: (ctx: Context, channel: Channel, update: Update, said?: Said) => void;
  /** `user` entered `channel` (join, pull, create) and has been told. */
  readonly entered?: (ctx: Context, user: User, channel: Channel, join: Update) => void;
  /** A channel ended (destroyed, expired, or the last user left an anonymous one). */
  readonly channelGone?: (ctx: Context, channel: Channel) => void;
  /** A profile ended (expired). */
  readonly profileGone?: (ctx: Context, profile: Profile) => void;
  /**
   * Once a second, after the core's upkeep: background work, in small
   * batches (the actor handles nothing else meanwhile).
   */
  readonly tick?: (ctx: Context) => void;
  /**
   * A request to the WebSocket listener's HTTP side (shirakumo-link's
   * payloads): the response, or undefined when the path is not the
   * extension's.
   */
  readonly serve?: (ctx: Context, url: URL, request: Request) => Response | undefined;
  /** An extra `server-info` attribute of one connection: a `(key value)` pair. */
  readonly connectionInfo?: (ctx: Context, conn: Connection) => Value[] | undefined;
  /** Extra fields of a `user-info` reply for a registered user. */
  readonly userInfo?: (ctx: Context, profile: Profile) => Record<string, Value> | undefined;
}

/**
 * A worker's wire form of an update, carried with it when it is sent on
 * unchanged. `whole` is false when the update object lost its long strings
 * on the way from the worker (workers/messages.ts): read the bytes for them.
 */
export interface Said {
  /** The update's wire bytes, NUL-terminated. */
  readonly bytes: Uint8Array;
  /** Does the update object still hold every string it was sent with? */
  readonly whole: boolean;
}

/** The rule kinds an extension's {@linkcode RuleDefaults} apply to. */
export function ruleKinds(key: keyof RuleDefaults): readonly ChannelKind[] {
  return key === "primary" ? ["primary"] : key === "channel" ? ["regular", "anonymous"] : [
    "anonymous",
  ];
}
