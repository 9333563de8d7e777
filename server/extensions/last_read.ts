/**
 * `shirakumo-last-read` (shirakumo.mess §22): which message a registered
 * user last read in each channel, shared by all of the user's connections,
 * and kept in the store.
 *
 * @module
 */
import type { Id } from "../../protocol/mod.ts";
import type { Context } from "../context.ts";
import { type Extension, handler } from "../extension.ts";
import { Kept } from "../state/kept.ts";
import type { Profile } from "../state/model.ts";
import { slot } from "../state/slots.ts";

/** A mark: the sender and id of the message last read. */
interface Mark {
  readonly target: string;
  readonly id: Id;
}

/** Per profile and channel key, the mark. */
const marks = slot((_: Profile) => new Map<string, Mark>());
/** As kept: per profile, by channel key, the id as text (it may be a bigint). */
const kept = new Kept<{ target: string; id: string }>("shirakumo-last-read", "profile");

/** Set the profile's mark in the channel (by key), and keep it. */
function setMark(ctx: Context, profile: Profile, channel: string, mark: Mark): void {
  marks.get(profile).set(channel, mark);
  kept.put(ctx.store, profile.key, channel, { target: mark.target, id: String(mark.id) });
}

/** An id read back: a number where one holds it exactly. */
function idOf(text: string): Id {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

/** `last-read`: set the mark (told to every connection), or ask for it. */
const lastRead = handler(
  "shirakumo:last-read",
  { registered: "keep a last-read mark" },
  (ctx, req) => {
    const { channel, update: u } = req;
    const mine = marks.get(req.profile);
    // Step 2.
    if (u["update-id"] !== undefined && typeof u.target === "string") {
      setMark(ctx, req.profile, channel.key, { target: u.target, id: u["update-id"] });
      return ctx.sendToUser(u, req.user);
    }
    // Step 3.
    const mark = mine.get(channel.key);
    req.echo(mark ? { target: mark.target, "update-id": mark.id } : undefined);
  },
);

/** The extension. */
export const LAST_READ: Extension = {
  name: "shirakumo-last-read",
  handlers: [lastRead],
  // The step §22 adds to entering a channel: a registered user's mark
  // starts at the join that brought the user in, if there is none yet.
  entered(ctx, user, channel, join) {
    const profile = ctx.profiles.get(user.key);
    if (!profile || marks.get(profile).has(channel.key)) return;
    setMark(ctx, profile, channel.key, { target: user.name, id: join.id });
  },
  load(ctx) {
    for (const { owner, key, value } of kept.all(ctx.store)) {
      const profile = ctx.profiles.get(owner);
      if (profile && ctx.channels.has(key)) {
        marks.get(profile).set(key, { target: value.target, id: idOf(value.id) });
      } else kept.drop(ctx.store, owner, key);
    }
  },
  // A channel of the same name made later starts without marks.
  channelGone(ctx, channel) {
    for (const profile of ctx.profiles.values()) {
      if (marks.peek(profile)?.delete(channel.key)) kept.drop(ctx.store, profile.key, channel.key);
    }
  },
};
