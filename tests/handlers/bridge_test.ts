/** shirakumo-bridge: a permitted member sends channel updates on behalf of others. */
import assert from "node:assert/strict";
import { received, room } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";
import { expectFailure } from "../helpers/failures.ts";

for (const workers of [1, 0]) {
  serverTest(
    `bridge: from and bridge swapped, for permitted members (--workers ${workers})`,
    async (srv) => {
      const [a, b] = await room(srv, "room", "alice", "bob");
      // The registrant may bridge; others need a grant.
      await b.send('(message :id 1 :channel "room" :text "hi" :bridge "mallory")');
      await expectFailure(b, "insufficient-permissions", 1);
      await a.send('(shirakumo:bridge :id 2 :channel "room")');
      assert.equal((await a.expect("shirakumo:bridge")).id, 2);
      // The field as lichat-js and the prose spell it, and as the definitions do.
      await a.send('(message :id 3 :channel "room" :text "from irc" :bridge "ircuser")');
      await a.send('(message :id 4 :channel "room" :text "again" shirakumo:bridge "ircuser")');
      for (const c of [a, b]) {
        const m = await c.expect("message");
        assert.deepEqual([m.id, m.from, m.bridge, m.text], [3, "ircuser", "alice", "from irc"]);
        assert.match(
          c.texts.find((t) => t.startsWith("(message :id 3 "))!,
          /:from "ircuser".* :bridge "alice"/,
        );
        const n = await c.expect("message");
        assert.deepEqual([n.id, n.from, n["shirakumo:bridge"]], [4, "ircuser", "alice"]);
      }
      await a.send('(message :id 5 :channel "room" :text "x" :bridge " bad")');
      await expectFailure(a, "bad-name", 5);
      assert.deepEqual(await received(b), []);
      // Outsiders are refused before anything else.
      const c = await srv.user("carol");
      await c.send('(message :id 6 :channel "room" :text "x" :bridge "x")');
      assert.equal((await c.waitFor("not-in-channel"))["update-id"], 6);
      const reply = await (await srv.client()).handshake("dave");
      assert.ok((reply.extensions as string[]).includes("shirakumo-bridge"));
    },
    { workers },
  );
}
