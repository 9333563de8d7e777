/**
 * `shirakumo-channel-trees` (shirakumo.mess §5): `a/b` is a channel inside
 * `a`. Its parent must exist when it is created and decides whether it may
 * be (its rules are the ones checked); `channels` lists one level of the
 * tree: the children of the channel it names, or without one the top level.
 *
 * @module
 */
import { nameKey } from "../../protocol/mod.ts";
import { type Extension, handler, replacing } from "../extension.ts";
import { listable } from "../updates/info.ts";

/** The slash rule: `/` only between two characters that are not `/`. */
const TREE_NAME = /^[^/]+(?:\/[^/]+)*$/;

/**
 * Does `name` keep the slash rule of §5?
 *
 * @example
 * ```ts
 * validTreeName("games/chess"); // true
 * validTreeName("games//chess"); // false
 * ```
 */
export function validTreeName(name: string): boolean {
  return TREE_NAME.test(name);
}

/**
 * The parent channel's name: up to the last `/`, or undefined for a
 * top-level channel, whose parent is the primary channel.
 */
export function parentName(name: string): string | undefined {
  const slash = name.lastIndexOf("/");
  return slash < 0 ? undefined : name.slice(0, slash);
}

/** `channels`, one level of the tree. */
const channels = handler("channels", {}, (ctx, req) => {
  const u = req.update;
  const parent = typeof u.channel === "string" ? req.channel : ctx.primary;
  const prefix = parent === ctx.primary ? "" : nameKey(parent.name) + "/";
  const level = [...ctx.channels.values()].filter((ch) =>
    ch.key.startsWith(prefix) && ch.key.indexOf("/", prefix.length) < 0
  );
  req.reply("channels", {
    channels: listable(ctx, req.user, level),
    channel: typeof u.channel === "string" ? parent.name : undefined,
  });
});

/** The extension. */
export const TREES: Extension = {
  name: "shirakumo-channel-trees",
  handlers: [replacing(channels)],
  // The slash rule, before the parent is looked for.
  precheck(_ctx, u) {
    if (u.type !== "create" || typeof u.channel !== "string" || validTreeName(u.channel)) {
      return undefined;
    }
    return {
      failure: "bad-name",
      text: `A / in ${u.channel} must stand between two other characters.`,
    };
  },
  // A nested channel is created with its parent's permission.
  target(ctx, u) {
    if (u.type !== "create" || typeof u.channel !== "string") return undefined;
    const parent = parentName(u.channel);
    if (parent === undefined) return undefined;
    const channel = ctx.findChannel(parent);
    return channel ? { channel } : {
      missing: {
        failure: "shirakumo:no-such-parent-channel",
        text: `There is no channel ${parent}.`,
      },
    };
  },
};
