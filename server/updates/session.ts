/**
 * `ping`, `pong` and `disconnect` (spec §4.2, §4.3).
 *
 * @module
 */
import { handler } from "../extension.ts";

/** `ping`: answer with a `pong` of the same id. */
export const ping = handler("ping", {}, (_ctx, req) => req.reply("pong", {}));

/** `pong`: the connection is alive; the actor already noted that. */
export const pong = handler("pong", {}, () => {});

/** `disconnect`: §4.3, answering with the client's own update. */
export const disconnect = handler("disconnect", {}, (ctx, req) => {
  req.echo();
  ctx.close(req.conn, false);
});
