/**
 * What the transports call as bytes come and go: a new connection is
 * registered with the connection table, the parser stage and the actor;
 * what it reads goes to the parser stage (counted for the metrics); a gone
 * one is forgotten by all three.
 *
 * @module
 */
import type { StateActor } from "./actor.ts";
import type { ConnectionTable, Peer } from "./outlet.ts";
import type { MessageHooks } from "./transport/websocket.ts";
import type { Stage } from "../workers/stage.ts";
import { utf8Length } from "./metrics/meters.ts";

/** The hooks every transport is given; `next` numbers new connections. */
export function transportHooks(
  actor: StateActor,
  table: ConnectionTable,
  stage: Stage,
  next: () => number,
): MessageHooks {
  return {
    open: (peer: Peer, address: string) => {
      const id = next();
      table.add(id, peer);
      stage.push({ op: "open", conn: id });
      actor.submit({ kind: "open", conn: id, transport: peer.transport, address });
      return id;
    },
    bytes: (conn, bytes) => {
      table.received(conn, bytes.length);
      stage.push({ op: "bytes", conn, bytes });
    },
    text: (conn, text) => {
      table.received(conn, utf8Length(text));
      stage.push({ op: "text", conn, text });
    },
    reject: (conn, text) =>
      actor.submit({
        kind: "events",
        events: [{ kind: "failure", conn, failure: "malformed-update", text, id: undefined }],
      }),
    gone: (conn) => {
      stage.push({ op: "close", conn });
      table.remove(conn);
      actor.submit({ kind: "gone", conn });
    },
  };
}
