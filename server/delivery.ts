/**
 * Delivery to channels: who gets a channel update (every connection of
 * every member, as the `recipients` hooks allow), what the extensions keep
 * of it (`delivered`), chatter as the `say` hooks allow, and runs of
 * pipelined chatter sent on as one block (server/runs.ts).
 *
 * @module
 */
import type { Update } from "../protocol/mod.ts";
import type { StageEvent } from "../workers/messages.ts";
import type { AnyReq, Context } from "./context.ts";
import type { Relayed, Said } from "./extension.ts";
import { type PrintedEvent, runBytes } from "./runs.ts";
import type { Channel, Connection } from "./state/model.ts";

/** What delivery asks of the connection side (see server/outlet.ts). */
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

/** Sends channel updates for one actor; see the module doc. */
export class Delivery {
  readonly #ctx: Context;
  readonly #outlet: Outlet;
  /** Bumped whenever a channel's users or a user's connections change. */
  #membership = 0;
  readonly #cache = new WeakMap<Channel, { version: number; ids: readonly number[] }>();

  /** Deliver for `ctx` through `outlet`. */
  constructor(ctx: Context, outlet: Outlet) {
    this.#ctx = ctx;
    this.#outlet = outlet;
  }

  /** Someone's membership or connections changed: recipient lists are stale. */
  changed(): void {
    this.#membership++;
  }

  /** Send `update` to the channel and let the extensions keep it (see Context). */
  toChannel(update: Update, channel: Channel, said?: Said): void {
    for (const kept of this.#ctx.extensions.hooks("delivered")) {
      kept(this.#ctx, channel, update, said);
    }
    const ids = this.#recipients(channel, update.from);
    if (ids.length > 0) this.#outlet.send(update, ids, said?.bytes);
  }

  /**
   * Relay a member's chatter as the `say` hooks allow; `update` replaces the
   * request's own (then the worker's bytes are not used).
   */
  relay(req: AnyReq, update: Update = req.update): Relayed | undefined {
    let repeatable = true;
    for (const say of this.#ctx.extensions.hooks("say")) {
      const v = say(this.#ctx, req);
      if (v === undefined) continue;
      if (v.kind === "refused") return undefined;
      if (v.kind === "self") {
        this.#ctx.sendToUser(update, req.user);
        return undefined;
      }
      if (v.kind === "replace") update = v.update;
      else repeatable = false;
    }
    const said = update === req.update ? req.said : undefined;
    this.toChannel(update, req.channel, said);
    return said ? { channel: req.channel, repeatable } : undefined;
  }

  /**
   * Events `from`…`to` continue a run whose first update was just relayed
   * to `channel` (see server/runs.ts): the same checks would pass, so they
   * go on as one block, and the extensions keep each.
   */
  relayRest(events: readonly StageEvent[], from: number, to: number, channel: Channel): void {
    const kept = this.#ctx.extensions.hooks("delivered");
    for (let i = from; i <= to; i++) {
      const e = events[i] as PrintedEvent;
      const said: Said = { bytes: e.bytes, whole: !e.stripped };
      for (const keep of kept) keep(this.#ctx, channel, e.update, said);
    }
    const last = (events[to] as PrintedEvent).update;
    const ids = this.#recipients(channel, last.from);
    if (ids.length === 0) return;
    this.#outlet.send(last, ids, runBytes(events, from, to), to - from + 1);
  }

  /** Send to connections, printed once (or as `bytes`). */
  send(update: Update, to: Iterable<Connection>, bytes?: Uint8Array): void {
    const ids: number[] = [];
    for (const c of to) ids.push(c.id);
    if (ids.length > 0) this.#outlet.send(update, ids, bytes);
  }

  /**
   * The connections of a channel's users, remembered until anyone's
   * membership or connections change: a busy channel's list is made once,
   * not once per message. Then the `recipients` hooks take some away.
   */
  #recipients(channel: Channel, from: Update["from"]): readonly number[] {
    const cached = this.#cache.get(channel);
    let ids: readonly number[];
    if (cached && cached.version === this.#membership) ids = cached.ids;
    else {
      const all: number[] = [];
      for (const u of channel.users) for (const c of u.connections) all.push(c.id);
      this.#cache.set(channel, { version: this.#membership, ids: all });
      ids = all;
    }
    if (typeof from !== "string") return ids;
    for (const filter of this.#ctx.extensions.hooks("recipients")) {
      ids = filter(this.#ctx, channel, from, ids);
    }
    return ids;
  }
}
