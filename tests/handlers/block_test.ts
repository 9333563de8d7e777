/** shirakumo-block: a registered user stops getting a blocked user's channel updates. */
import assert from "node:assert/strict";
import { received, room, settle } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";
import { expectFailure } from "../helpers/failures.ts";

for (const workers of [1, 0]) {
  serverTest(
    `block: the blocker does not get the blocked user's updates (--workers ${workers})`,
    async (srv) => {
      const [a, b, c] = await room(srv, "room", "alice", "bob", "carol");
      await b.send('(shirakumo:block :id 1 :target "alice")');
      await expectFailure(b, "no-such-profile", 1);
      await a.send('(register :id 2 :password "alice-pw")');
      await a.expect("register");
      await a.send('(shirakumo:block :id 3 :target "Bob")');
      assert.equal((await a.expect("shirakumo:block")).id, 3);
      await settle([a, b, c]);
      // A burst, so that runs of messages are filtered as well.
      await b.sendRaw(
        Array.from(
          { length: 5 },
          (_, i) => `(message :id ${10 + i} :channel "room" :text "m${i}")\0`,
        )
          .join(""),
      );
      for (let i = 0; i < 5; i++) {
        assert.equal((await c.expect("message")).id, 10 + i);
      }
      for (let i = 0; i < 5; i++) assert.equal((await b.expect("message")).id, 10 + i);
      assert.deepEqual(await received(a), []);
      await a.send("(shirakumo:blocked :id 4)");
      assert.deepEqual((await a.expect("shirakumo:blocked")).target, ["bob"]);
      await a.send('(shirakumo:unblock :id 5 :target "bob")');
      await a.expect("shirakumo:unblock");
      await b.send('(message :id 20 :channel "room" :text "back")');
      assert.equal((await a.expect("message")).text, "back");
      // Blocking oneself hides nothing of one's own.
      await a.send('(shirakumo:block :id 21 :target "alice")');
      await a.expect("shirakumo:block");
      await a.send('(message :id 22 :channel "room" :text "me")');
      assert.equal((await a.expect("message")).id, 22);
    },
    { workers, floodLimit: 1000 },
  );
}

serverTest("block: announced in the connect reply", async (srv) => {
  const reply = await (await srv.client()).handshake("alice");
  assert.ok((reply.extensions as string[]).includes("shirakumo-block"));
});
