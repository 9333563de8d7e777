/**
 * `shirakumo-quiet` (shirakumo.mess §9): users on a channel's quiet list
 * are heard by themselves alone (all of their connections). As with pause,
 * this applies to chatter, not to joins, leaves or moderation.
 *
 * @module
 */
import { nameKey } from "../../protocol/mod.ts";
import { type Extension, handler } from "../extension.ts";
import type { Channel } from "../state/model.ts";
import { slot } from "../state/slots.ts";

/** A channel's quieted users, name key to name. */
const quieted = slot((_: Channel) => new Map<string, string>());

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
      quieted.get(req.channel).set(nameKey(target), ctx.findUser(target)?.name ?? target);
      req.echo();
    }),
    // `unquiet`: take the target off it.
    handler("shirakumo:unquiet", {}, (_ctx, req) => {
      quieted.get(req.channel).delete(nameKey(req.update.target));
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
};
