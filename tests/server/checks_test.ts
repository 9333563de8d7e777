/** §5.1: the general checks, each answered with its failure and the request's id. */
import assert from "node:assert/strict";
import type { Update } from "../../protocol/mod.ts";
import { assertFailure, expectFailure } from "../helpers/failures.ts";
import { nextId } from "../helpers/raw.ts";
import { SERVER_NAME, serverTest } from "../helpers/server.ts";
import { quiet } from "../helpers/scene.ts";

serverTest(
  "step 1: unreadable updates get malformed-update; the connection goes on",
  async (srv) => {
    const a = await srv.user("alice");
    const unreadable = [
      "garbage",
      "(message :id 1 :channel", // unbalanced
      ")",
      '("x" :id 2)', // not a symbol first
      "(ping id 4)", // a key that is not a keyword
      "()",
      '(ping :id 5 :x "unterminated)',
    ];
    for (const bad of unreadable) {
      await a.send(bad);
      await expectFailure(a, "malformed-update");
    }
    // Odd keys: the id can still be read, and is reused.
    await a.send("(ping :id 3 :clock)");
    await expectFailure(a, "malformed-update", 3);
    // So is a missing required field's.
    await a.send('(message :id 6 :channel "x")');
    await expectFailure(a, "malformed-update", 6);
    // Invalid UTF-8.
    await a.sendRaw(new Uint8Array([0x28, 0xff, 0xfe, 0x29, 0]));
    await expectFailure(a, "malformed-update");
    await a.send("(ping :id 7)");
    assert.equal((await a.expect("pong")).id, 7);
  },
);

serverTest("step 2: an oversized update gets update-too-long; the next one works", async (srv) => {
  const a = await srv.user("alice");
  const b = await srv.user("bob");
  await a.waitFor("join", (u) => u.from === "bob");
  // Sent in pieces, as a slow client would.
  const big = `(message :id 8 :channel "${SERVER_NAME}" :text "${"x".repeat(2000)}")\0`;
  for (let i = 0; i < big.length; i += 300) await a.sendRaw(big.slice(i, i + 300));
  await expectFailure(a, "update-too-long");
  await a.send("(ping :id 9)");
  assert.equal((await a.expect("pong")).id, 9);
  // Exactly at the limit is fine.
  const filler = "y".repeat(256 - '(ping :id 10 :x "")'.length);
  await a.send(`(ping :id 10 :x "${filler}")`);
  assert.equal((await a.expect("pong")).id, 10);
  await b.send("(ping :id 11)");
  assert.equal((await b.expect("pong")).id, 11);
}, { maxUpdateSize: 256 });

serverTest("limits: nesting and list length beyond the options are malformed", async (srv) => {
  const a = await srv.user("alice");
  await a.send(`(ping :id 9 :x ${"(".repeat(10)}${")".repeat(10)})`);
  await expectFailure(a, "malformed-update");
  await a.send(`(ping :id 10 :x (${"1 ".repeat(20)}))`);
  await expectFailure(a, "malformed-update");
  await a.send(`(ping :id 11 :x (((1))))`);
  assert.equal((await a.expect("pong")).id, 11);
}, { maxDepth: 5, maxElements: 10 });

serverTest(
  "step 3: an unknown class, or one that is no update, gets invalid-update",
  async (srv) => {
    const a = await srv.user("alice");
    await a.send("(frobnicate :id 12)");
    await expectFailure(a, "invalid-update", 12);
    await a.send("(mystery:thing :id 13)");
    await expectFailure(a, "invalid-update", 13);
    await a.send("(object :id 14)");
    await expectFailure(a, "invalid-update", 14);
    // Failures are for servers to send.
    await a.send('(failure :id 15 :text "x")');
    await expectFailure(a, "invalid-update", 15);
  },
);

serverTest("step 4: an invalid name in channel, target or from gets bad-name", async (srv) => {
  const a = await srv.user("alice");
  await a.send('(join :id 16 :channel "two  spaces")');
  await expectFailure(a, "bad-name", 16);
  await a.send(`(join :id 17 :channel "${"x".repeat(33)}")`);
  await expectFailure(a, "bad-name", 17);
  await a.send('(user-info :id 18 :target " alice")');
  await expectFailure(a, "bad-name", 18);
  await a.send('(ping :id 19 :from "")');
  await expectFailure(a, "bad-name", 19);
});

serverTest("step 5: a from that is not the connection's user: username-mismatch", async (srv) => {
  const a = await srv.user("alice");
  await srv.user("mallory");
  await a.waitFor("join", (u) => u.from === "mallory");
  await a.send('(ping :id 20 :from "mallory")');
  await expectFailure(a, "username-mismatch", 20);
  await a.send('(ping :id 21 :from "nobody")');
  await expectFailure(a, "username-mismatch", 21);
  // Case does not matter.
  await a.send('(ping :id 22 :from "ALICE")');
  assert.equal((await a.waitFor("pong")).id, 22);
});

serverTest("step 6: an unknown channel gets no-such-channel", async (srv) => {
  const a = await srv.user("alice");
  await a.send('(join :id 23 :channel "nowhere")');
  await expectFailure(a, "no-such-channel", 23);
  await a.send('(message :id 24 :channel "nowhere" :text "hello?")');
  await expectFailure(a, "no-such-channel", 24);
});

serverTest("step 7: an unknown target gets no-such-user", async (srv) => {
  const a = await srv.user("alice");
  await a.send('(user-info :id 25 :target "nobody")');
  await expectFailure(a, "no-such-user", 25);
  await a.send(`(pull :id 26 :channel "${SERVER_NAME}" :target "nobody")`);
  await expectFailure(a, "no-such-user", 26);
});

serverTest("step 8: a message to the primary channel: insufficient-permissions", async (srv) => {
  const a = await srv.user("alice");
  const b = await srv.user("bob");
  await a.waitFor("join", (u) => u.from === "bob");
  await a.send(`(message :id 27 :channel "${SERVER_NAME}" :text "hi all")`);
  await expectFailure(a, "insufficient-permissions", 27);
  assert.deepEqual((await quiet(b)).filter((u) => u.type === "message"), []);
});

serverTest("the steps run in order: the first that fails answers", async (srv) => {
  const a = await srv.user("alice");
  const cases: [string, string][] = [
    // Step 3 before 4: an unknown class with a bad name.
    ['(frobnicate :id %d :channel "a  b")', "invalid-update"],
    // Step 4 before 5.
    ['(message :id %d :from "mallory" :channel "a  b" :text "x")', "bad-name"],
    // Step 5 before 6.
    ['(message :id %d :from "mallory" :channel "nowhere" :text "x")', "username-mismatch"],
    // Step 6 before 7.
    ['(kick :id %d :channel "nowhere" :target "nobody")', "no-such-channel"],
    // Step 7 before 8.
    [`(kick :id %d :channel "${SERVER_NAME}" :target "nobody")`, "no-such-user"],
  ];
  for (const [text, type] of cases) {
    const id = nextId();
    await a.send(text.replace("%d", String(id)));
    await expectFailure(a, type, id);
  }
});

serverTest("bad input on one connection never disturbs another", async (srv) => {
  const a = await srv.user("alice");
  const b = await srv.user("bob");
  const bad = await srv.user("badger");
  await a.send('(create :id 1 :channel "room")');
  await a.waitFor("join", (u) => u.channel === "room");
  await b.send('(join :id 2 :channel "room")');
  await b.waitFor("join", (u) => u.channel === "room");
  // Unconnected noise, including NULs.
  const junk = await srv.client();
  await junk.sendRaw(new Uint8Array(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)));
  // A connected user's bad updates, interleaved with alice's messages.
  const noise = [
    "(ping :id 1",
    "\0(frobnicate :id 2)\0",
    '(join :id 3 :channel "a  b")\0',
    `(message :id 4 :channel "room" :text "${"z".repeat(5000)}")\0`,
    "(((\0",
  ];
  for (let i = 0; i < noise.length; i++) {
    await bad.sendRaw(noise[i]);
    await a.send(`(message :id ${10 + i} :channel "room" :text "m${i}")`);
  }
  for (let i = 0; i < noise.length; i++) {
    assert.equal((await b.waitFor("message")).text, `m${i}`);
  }
  // Its failures came in order, and it goes on.
  await bad.send("(ping :id 99)");
  const got: Update[] = [];
  for (let u = await bad.next(); u.type !== "pong"; u = await bad.next()) got.push(u);
  for (const f of got) assertFailure(f, f.type);
  assert.deepEqual(got.map((f) => f.type), [
    "malformed-update",
    "invalid-update",
    "bad-name",
    "update-too-long",
    "malformed-update",
  ]);
  await junk.waitClosed();
}, { maxUpdateSize: 1024 });
