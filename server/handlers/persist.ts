/**
 * Writing channel changes through to the store. Anonymous channels are not
 * stored: they end with their last user.
 *
 * @module
 */
import type { Context } from "../context.ts";
import type { Channel } from "../state/model.ts";

/** Store a channel's lasting parts (regular channels only). */
export function saveChannel(ctx: Context, ch: Channel): void {
  if (ch.kind !== "regular") return;
  ctx.store.saveChannel({
    name: ch.name,
    kind: ch.kind,
    registrant: ch.registrant,
    permissions: [...ch.permissions],
    createdOn: ch.createdOn,
  });
}
