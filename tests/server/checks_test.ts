/** §5.1: the general checks, each answered with its failure and the request's id. */
import assert from "node:assert/strict";
import { SERVER_NAME, serverTest } from "../helpers/server.ts";

serverTest(
  "step 1: unreadable updates get malformed-update; the connection goes on",
  async (srv) => {
    const a = await srv.user("alice");
    for (
      const bad of [
        "(message :id 1 :channel",
        '("x" :id 2)',
        "(ping :id 3 :clock)",
        "(ping id 4)",
        ")",
      ]
    ) {
      await a.send(bad);
      const f = await a.expect("malformed-update");
      assert.equal(f.from, SERVER_NAME);
      assert.equal(typeof f.text, "string");
    }
    // Invalid UTF-8.
    await a.sendRaw(new Uint8Array([0x28, 0xff, 0xfe, 0x29, 0]));
    await a.expect("malformed-update");
    await a.send("(ping :id 5)");
    assert.equal((await a.expect("pong")).id, 5);
  },
);

serverTest("step 1: a missing required field is malformed and names the id", async (srv) => {
  const a = await srv.user("alice");
  await a.send('(message :id 6 :channel "x")');
  assert.equal((await a.expect("malformed-update")).id, 6);
});

serverTest("step 2: an oversized update gets update-too-long; the next one works", async (srv) => {
  const a = await srv.user("alice");
  await a.send(`(message :id 7 :channel "${SERVER_NAME}" :text "${"x".repeat(1000)}")`);
  await a.expect("update-too-long");
  await a.send("(ping :id 8)");
  assert.equal((await a.expect("pong")).id, 8);
}, { maxUpdateSize: 256 });

serverTest("limits: nesting and list length beyond the options are malformed", async (srv) => {
  const a = await srv.user("alice");
  await a.send(`(ping :id 9 :x ${"(".repeat(10)}${")".repeat(10)})`);
  await a.expect("malformed-update");
  await a.send(`(ping :id 10 :x (${"1 ".repeat(20)}))`);
  await a.expect("malformed-update");
  await a.send(`(ping :id 11 :x (((1))))`);
  assert.equal((await a.expect("pong")).id, 11);
}, { maxDepth: 5, maxElements: 10 });

serverTest("step 3: an unknown class gets invalid-update", async (srv) => {
  const a = await srv.user("alice");
  await a.send("(frobnicate :id 12)");
  const f = await a.expect("invalid-update");
  assert.equal(f.id, 12);
  assert.equal(f["update-id"], 12);
  await a.send("(mystery:thing :id 13)");
  assert.equal((await a.expect("invalid-update"))["update-id"], 13);
});

serverTest("step 4: an invalid channel name gets bad-name", async (srv) => {
  const a = await srv.user("alice");
  await a.send('(join :id 14 :channel "two  spaces")');
  assert.equal((await a.expect("bad-name"))["update-id"], 14);
  await a.send(`(join :id 15 :channel "${"x".repeat(33)}")`);
  assert.equal((await a.expect("bad-name"))["update-id"], 15);
});

serverTest(
  "step 5: a from that is not the connection's user gets username-mismatch",
  async (srv) => {
    const a = await srv.user("alice");
    await a.send('(ping :id 16 :from "mallory")');
    assert.equal((await a.expect("username-mismatch"))["update-id"], 16);
    // Case does not matter.
    await a.send('(ping :id 17 :from "ALICE")');
    assert.equal((await a.expect("pong")).id, 17);
  },
);

serverTest("step 6: an unknown channel gets no-such-channel", async (srv) => {
  const a = await srv.user("alice");
  await a.send('(join :id 18 :channel "nowhere")');
  assert.equal((await a.expect("no-such-channel"))["update-id"], 18);
});

serverTest("step 7: an unknown target gets no-such-user", async (srv) => {
  const a = await srv.user("alice");
  await a.send('(user-info :id 19 :target "nobody")');
  assert.equal((await a.expect("no-such-user"))["update-id"], 19);
});

serverTest(
  "step 8: a message to the primary channel gets insufficient-permissions",
  async (srv) => {
    const a = await srv.user("alice");
    const b = await srv.user("bob");
    await a.send(`(message :id 20 :channel "${SERVER_NAME}" :text "hi all")`);
    assert.equal((await a.waitFor("insufficient-permissions"))["update-id"], 20);
    assert.deepEqual((await b.drain(100)).filter((u) => u.type === "message"), []);
  },
);

serverTest("bad input on one connection never disturbs another", async (srv) => {
  const a = await srv.user("alice");
  const b = await srv.user("bob");
  await a.send('(create :id 1 :channel "room")');
  await a.expect("join");
  await b.send('(join :id 2 :channel "room")');
  await b.waitFor("join");
  const junk = await srv.client();
  await junk.sendRaw(new Uint8Array(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)));
  await a.send('(message :id 3 :channel "room" :text "still here")');
  assert.equal((await b.waitFor("message")).text, "still here");
});
