/** §2.4.2: anonymous channels are invisible from outside. */
import assert from "node:assert/strict";
import { received, settle } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";

serverTest(
  "anonymous channels: outsiders cannot see or reach them; members can pull people in",
  async (srv) => {
    const a = await srv.user("alice");
    const b = await srv.user("bob");
    const c = await srv.user("carol");
    await a.send("(create :id 1)");
    const name = (await a.waitFor("join", (u) => u.id === 1)).channel as string;
    await settle([a, b, c]);
    for (
      const [type, extra] of [["join", ""], ["users", ""], ["message", ' :text "hi"'], [
        "leave",
        "",
      ]]
    ) {
      await b.send(`(${type} :id 2 :channel "${name}"${extra})`);
      assert.equal((await b.expect("no-such-channel"))["update-id"], 2, type);
    }
    await a.send(`(pull :id 3 :channel "${name}" :target "bob")`);
    assert.equal((await b.expect("join")).channel, name);
    await a.expect("join");
    // Members talk; the outsider hears nothing.
    await b.send(`(message :id 4 :channel "${name}" :text "psst")`);
    assert.equal((await a.expect("message")).text, "psst");
    await b.expect("message");
    assert.deepEqual(await received(c), []);
    // The channel ends with its last user.
    await a.send(`(leave :id 5 :channel "${name}")`);
    await b.send(`(leave :id 6 :channel "${name}")`);
    await b.waitFor("leave", (u) => u.from === "bob");
    assert.equal(srv.server.actor.findChannel(name), undefined);
  },
);
