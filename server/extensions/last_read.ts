/**
 * `shirakumo-last-read` (shirakumo.mess §22): which message a registered
 * user last read in each channel, shared by all of the user's connections.
 * The marks live while the server runs; they are not stored.
 *
 * @module
 */
import type { Id } from "../../protocol/mod.ts";
import { type Extension, handler } from "../extension.ts";
import type { Profile } from "../state/model.ts";
import { slot } from "../state/slots.ts";

/** Per profile and channel key, the message last read: its sender and id. */
const marks = slot((_: Profile) => new Map<string, { readonly target: string; readonly id: Id }>());

/** `last-read`: set the mark (told to every connection), or ask for it. */
const lastRead = handler(
  "shirakumo:last-read",
  { registered: "keep a last-read mark" },
  (ctx, req) => {
    const { channel, update: u } = req;
    const mine = marks.get(req.profile);
    // Step 2.
    if (u["update-id"] !== undefined && typeof u.target === "string") {
      mine.set(channel.key, { target: u.target, id: u["update-id"] });
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
    if (!profile) return;
    const mine = marks.get(profile);
    if (!mine.has(channel.key)) mine.set(channel.key, { target: user.name, id: join.id });
  },
};
