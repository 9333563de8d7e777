/**
 * `shirakumo-quiet` (shirakumo.mess §9): users on a channel's quiet list
 * are heard by themselves alone (all of their connections). As with pause,
 * this applies to chatter, not to joins, leaves or moderation. The lists
 * are kept in the store (but an anonymous channel's, which ends with its
 * last user).
 *
 * @module
 */
import { nameKey } from "../../protocol/mod.ts";
import { type Extension, handler } from "../extension.ts";
import type { Context } from "../context.ts";
import { Kept } from "../state/kept.ts";
import type { Channel } from "../state/model.ts";
import { slot } from "../state/slots.ts";

/** A channel's quieted users, name key to name. */
const quieted = slot((_: Channel) => new Map<string, string>());
/** The names, kept per channel key and name key. */
const kept = new Kept<string>("shirakumo-quiet", "channel");

/** Put `name` on the channel's list (`quiet`) or take it off, and keep the change. */
function change(ctx: Context, channel: Channel, name: string, quiet: boolean): void {
  const key = nameKey(name);
  if (quiet) quieted.get(channel).set(key, name);
  else quieted.get(channel).delete(key);
  if (channel.kind === "anonymous") return;
  if (quiet) kept.put(ctx.store, channel.key, key, name);
  else kept.drop(ctx.store, channel.key, key);
}

const RULES = {
  "shirakumo:quiet": "registrant",
  "shirakumo:unquiet": "registrant",
  "shirakumo:quieted": "registrant",
} as const;

/** The extension. */
export const QUIET: Extension = {
  name: "shirakumo-quiet",
  handlers: [
    // `quiet`: put the target on the channel's quiet list.
    handler("shirakumo:quiet", {}, (ctx, req) => {
      const target = req.update.target;
      change(ctx, req.channel, ctx.findUser(target)?.name ?? target, true);
      req.echo();
    }),
    // `unquiet`: take the target off it.
    handler("shirakumo:unquiet", {}, (ctx, req) => {
      change(ctx, req.channel, req.update.target, false);
      req.echo();
    }),
    // `quieted`: the list, in `target`.
    handler("shirakumo:quieted", {}, (_ctx, req) => {
      req.echo({ target: [...quieted.get(req.channel).values()] });
    }),
  ],
  rules: {
    primary: {
      "shirakumo:quiet": "no one",
      "shirakumo:unquiet": "no one",
      "shirakumo:quieted": "no one",
    },
    channel: RULES,
  },
  say: (_ctx, req) => quieted.peek(req.channel)?.has(req.user.key) ? { kind: "self" } : undefined,
  load(ctx) {
    for (const { owner, key, value } of kept.all(ctx.store)) {
      const channel = ctx.channels.get(owner);
      if (channel) quieted.get(channel).set(key, value);
      else kept.drop(ctx.store, owner, key);
    }
  },
};
