/** §5.3.2 grant and deny: who may, and what they may name. */
import assert from "node:assert/strict";
import { room } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";

serverTest(
  "grant/deny: only the registrant; an unknown update type is invalid-permissions",
  async (srv) => {
    const [a, b] = await room(srv, "room", "alice", "bob");
    await b.send('(grant :id 11 :channel "room" :target "bob" :update kick)');
    assert.equal((await b.expect("insufficient-permissions"))["update-id"], 11);
    await a.send('(deny :id 12 :channel "room" :target "bob" :update frobnicate)');
    assert.equal((await a.expect("invalid-permissions"))["update-id"], 12);
  },
);
