/**
 * The client's types, made from the generated update interfaces
 * (`protocol/types.generated.ts`): which type names exist, which fields each
 * takes, and what a request resolves to.
 *
 * @example
 * ```ts
 * import type { Fields, ReplyOf } from "./types.ts";
 * const f: Fields<"join"> = { channel: "lobby" }; // id, clock and from are filled in
 * type R = ReplyOf<"create">; // Join
 * ```
 *
 * @module
 */
import type {
  Id,
  Join,
  Message,
  Pong,
  ShirakumoData,
  ShirakumoEmote,
  ShirakumoEmotes,
  ShirakumoSetChannelInfo,
  UpdateTypes,
} from "../protocol/mod.ts";

/** The name of an update class the spec defines: `message`, `shirakumo:data`, … */
export type UpdateType = keyof UpdateTypes;

/**
 * The slots of `T` without the `Update` index signature, so that a misspelt
 * field is an error. Still assignable to `Update` and to `T`.
 */
export type Declared<T> = {
  [P in keyof T as string extends P ? never : number extends P ? never : P]: T[P];
};

/** The update of class `K`, as sent or received: only its declared slots. */
export type UpdateOf<K extends UpdateType> = Declared<UpdateTypes[K]>;

/** The fields the client fills in itself. */
type Filled = "type" | "id" | "clock" | "from";

/**
 * The fields to give when sending an update of class `K`: its declared slots,
 * required as the spec requires them, except `id`, `clock` and `from`, which
 * the client fills in and which may be given to override it.
 */
export type Fields<K extends UpdateType> =
  & Omit<Declared<UpdateTypes[K]>, Filled>
  & { id?: Id; clock?: number | bigint; from?: string };

/**
 * Replies whose class differs from the request's (lichat.mess §4–5,
 * shirakumo.mess §1–26). Every other update is answered with an update of
 * its own class, or with a failure.
 */
interface Replies {
  /** §5.3.1 step 6. */
  "create": Join;
  /** §5.4.3 step 5: the target's join, with the pull's id. */
  "pull": Join;
  /** §4.2. */
  "ping": Pong;
  /** shirakumo.mess §6: one `set-channel-info` per key. */
  "shirakumo:channel-info": ShirakumoSetChannelInfo;
  /** shirakumo.mess §3: the missing emotes (when they carry the id), then the list. */
  "shirakumo:emotes": ShirakumoEmotes | ShirakumoEmote;
  /** shirakumo.mess §12: with shirakumo-link the payload comes back as a link message. */
  "shirakumo:data": ShirakumoData | Message;
}

/** What `request(K, …)` resolves with: the first reply that carries its id. */
export type ReplyOf<K extends UpdateType> = Declared<
  K extends keyof Replies ? Replies[K] : UpdateTypes[K]
>;
