/** §5.4.5 message. */
import assert from "node:assert/strict";
import { received, room, settle } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";

serverTest(
  "message: to everyone in the channel incl. the sender and every connection",
  async (srv) => {
    const [a, b] = await room(srv, "room", "alice", "bob");
    await b.send('(register :id 17 :password "bob-pw")');
    await b.expect("register");
    const b2 = await srv.user("bob", "bob-pw");
    const outsider = await srv.user("carol");
    await settle([a, b, b2, outsider]);
    await a.send('(message :id 18 :channel "room" :text "hello")');
    for (const x of [a, b, b2]) {
      const m = await x.expect("message");
      assert.equal(m.id, 18);
      assert.equal(m.text, "hello");
      assert.equal(m.from, "alice");
    }
    assert.deepEqual(await received(outsider), []);
    await outsider.send('(message :id 19 :channel "room" :text "let me in")');
    assert.equal((await outsider.expect("not-in-channel"))["update-id"], 19);
  },
);
