/**
 * `ping`, `pong` and `disconnect` (spec §4.2, §4.3).
 *
 * @module
 */
import type { Handler } from "../context.ts";

/** `ping`: answer with a `pong` of the same id. */
export const ping: Handler = (ctx, conn, u) => {
  ctx.send({ type: "pong", id: u.id, clock: ctx.now(), from: ctx.serverUser.name }, [conn]);
};

/** `pong`: the connection is alive; the actor already noted that. */
export const pong: Handler = () => {};

/** `disconnect`: §4.3, answering with the client's own update. */
export const disconnect: Handler = (ctx, conn, u) => {
  ctx.send(u, [conn]);
  ctx.close(conn, false);
};
