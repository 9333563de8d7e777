/**
 * The request a handler receives: an update from a connected user that
 * passed the general checks, with its channel and user resolved, and the
 * ways to answer it.
 *
 * @module
 */
import { readUpdate, type Update, type Value } from "../protocol/mod.ts";
import type { AnyReq, Context, FailureType, Fields, UpdateName } from "./context.ts";
import type { Said } from "./extension.ts";
import type { Channel, Connection, Profile, User } from "./state/model.ts";

const decoder = new TextDecoder();

/** A {@linkcode Req} for `ctx`; see the module doc. */
export class Request implements AnyReq {
  readonly conn: Connection;
  readonly user: User;
  readonly update: Update;
  readonly channel: Channel;
  readonly said: Said | undefined;
  /** The sender's profile, set when the handler needs the sender registered. */
  profile: Profile | undefined;
  readonly #ctx: Context;

  /** The request of `update` from `conn` (bound to `user`), checked against `channel`. */
  constructor(
    ctx: Context,
    conn: Connection,
    user: User,
    update: Update,
    channel: Channel,
    said: Said | undefined,
  ) {
    this.#ctx = ctx;
    this.conn = conn;
    this.user = user;
    this.update = update;
    this.channel = channel;
    this.said = said;
  }

  whole(): Update {
    if (!this.said || this.said.whole) return this.update;
    const u = readUpdate(decoder.decode(this.said.bytes.subarray(0, -1)), {
      registry: this.#ctx.registry,
    });
    // The fields the server filled in (§5.1 step 5, the clock) are the object's.
    return { ...u, from: this.update.from, clock: this.update.clock };
  }

  fail(type: FailureType, text: string, extra?: Record<string, Value>): void {
    this.#ctx.fail(this.conn, this.update, type, text, extra);
  }

  reply<R extends UpdateName>(type: R, fields: Fields<R>): void {
    this.#ctx.send(this.#ctx.make(type, { id: this.update.id, ...fields }), [this.conn]);
  }

  echo(changes?: Record<string, Value | undefined>): void {
    this.#ctx.send(changes ? { ...this.update, ...changes } : this.update, [this.conn]);
  }
}
