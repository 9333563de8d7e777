/**
 * What channels keep of the updates they are sent, in the store's history
 * (server/state/history.ts): for shirakumo-backfill every update of a
 * channel but the primary one (typing notices excepted: stale at once), for
 * shirakumo-history the text chatter (messages and edits) of any channel.
 * Each update is kept once, for both; shirakumo-history's `delivered` hook
 * calls {@linkcode keepDelivered}.
 *
 * @module
 */
import { printUpdate, readUpdate, type Update } from "../../protocol/mod.ts";
import type { Context } from "../context.ts";
import type { Said } from "../extension.ts";
import { FOR_BACKFILL, FOR_SEARCH, type Logged } from "../state/history.ts";
import type { Channel } from "../state/model.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Updates no one wants again: not kept for backfill. */
const TRANSIENT: ReadonlySet<string> = new Set(["shirakumo:typing"]);

/** Keep an update that went to `channel` (`said`: as a worker printed it). */
export function keepDelivered(ctx: Context, channel: Channel, update: Update, said?: Said): void {
  let kinds = 0;
  if (channel.kind !== "primary" && !TRANSIENT.has(update.type)) kinds |= FOR_BACKFILL;
  if (
    ctx.extensions.chatter.has(update.type) && ctx.registry.isSubclass(update.type, "text-update")
  ) kinds |= FOR_SEARCH;
  if (kinds === 0) return;
  let bytes = said?.bytes;
  if (!bytes) {
    try {
      bytes = encoder.encode(printUpdate(update, ctx.registry) + "\0");
    } catch {
      return; // not printable, so not sent either (the outlet says why)
    }
  }
  // The update may have lost its long strings on the way from a worker.
  const whole = !(kinds & FOR_SEARCH) ? undefined : said && !said.whole ? read(ctx, bytes) : update;
  const clock = Number(update.clock ?? ctx.now());
  const { backlog, history } = ctx.options;
  ctx.store.history.append(
    channel.key,
    { update, bytes, clock: Number.isFinite(clock) ? clock : ctx.now(), kinds, whole },
    { backlog, history },
  );
}

/** An update from its wire form (NUL-terminated), as the store kept it. */
function read(ctx: Context, bytes: Uint8Array): Update {
  return readUpdate(decoder.decode(bytes.subarray(0, -1)), { registry: ctx.registry });
}

/** The update of a kept entry: the one the store holds, or read from its bytes; undefined if unreadable. */
export function loggedUpdate(ctx: Context, e: Logged): Update | undefined {
  if (e.update) return e.update;
  try {
    return read(ctx, e.bytes);
  } catch {
    return undefined; // kept by a server that knew more update classes
  }
}
