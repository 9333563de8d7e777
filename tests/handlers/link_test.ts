/** shirakumo-link: data payloads served over HTTP, sent on as links. */
import assert from "node:assert/strict";
import { room } from "../helpers/scene.ts";
import { LinkStore } from "../../server/extensions/link_store.ts";
import { LichatServer } from "../../server/server.ts";
import { freePort, serverTest, testOptions } from "../helpers/server.ts";

const port = freePort();
const base = `http://127.0.0.1:${port}/link/`;

serverTest("link: a data update becomes a message with the payload's URL", async (srv) => {
  const [a, b] = await room(srv, "room", "alice", "bob");
  const reply = await (await srv.client()).handshake("carol");
  assert.ok((reply.extensions as string[]).includes("shirakumo-link"));
  await a.send(
    '(shirakumo:data :id 1 :channel "room" :content-type "image/png" :filename "cat.png" :payload "AQID")',
  );
  const m = await b.waitFor("message", (u) => u.id === 1);
  assert.equal(m["shirakumo:link"], "image/png");
  assert.equal(m.from, "alice");
  const url = m.text as string;
  assert.ok(url.startsWith(base), url);
  assert.ok(url.length - base.length >= 24, "an unguessable token");
  const got = await fetch(url);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get("content-type"), "image/png");
  assert.match(got.headers.get("content-disposition")!, /cat\.png/);
  assert.deepEqual(new Uint8Array(await got.arrayBuffer()), new Uint8Array([1, 2, 3]));
  const none = await fetch(base + "nonesuch");
  assert.equal(none.status, 404);
  await none.body?.cancel();
  // A second payload over --link-storage pushes the first out.
  await a.send('(shirakumo:data :id 2 :channel "room" :content-type "image/png" :payload "BAUG")');
  await b.waitFor("message", (u) => u.id === 2);
  const gone = await fetch(url);
  assert.equal(gone.status, 404);
  await gone.body?.cancel();
  await a.send('(shirakumo:data :id 3 :channel "room" :content-type "image/png" :payload "!!")');
  assert.equal((await a.waitFor("malformed-update")).id, 3);
}, { wsPort: port, linkUrl: base, linkStorage: 4 });

serverTest("link: off without --link-url; data stays data", async (srv) => {
  const [a, b] = await room(srv, "room", "alice", "bob");
  const reply = await (await srv.client()).handshake("carol");
  assert.ok(!(reply.extensions as string[]).includes("shirakumo-link"));
  await a.send('(shirakumo:data :id 1 :channel "room" :content-type "image/png" :payload "AQID")');
  assert.equal((await b.waitFor("shirakumo:data")).payload, "AQID");
});

Deno.test("LinkStore: a channel's payloads go with it; the oldest go past the budget", () => {
  const store = new LinkStore(10);
  const a = store.put("one", "image/png", undefined, new Uint8Array(4), "token1");
  const b = store.put("two", "image/png", undefined, new Uint8Array(4), "token2");
  store.dropChannel("one");
  assert.equal(store.get(a), undefined);
  assert.ok(store.get(b));
  assert.equal(store.size, 4);
  const c = store.put("two", "image/png", undefined, new Uint8Array(8), "token3");
  assert.equal(store.get(b), undefined, "evicted");
  assert.ok(store.get(c));
});

Deno.test("--link-url without the WebSocket listener is refused at start", async () => {
  await assert.rejects(
    LichatServer.start(testOptions({ wsPort: 0, linkUrl: "http://x/link/" })),
    /needs the WebSocket listener/,
  );
});

const port2 = freePort();
const base2 = `http://127.0.0.1:${port2}/link/`;

serverTest(
  "link: a payload too long to cross from the worker whole is stored whole",
  async (srv) => {
    const [a, b] = await room(srv, "room", "alice", "bob");
    // 3,000 bytes: their base64 is longer than what a worker sends across as text.
    const bytes = Uint8Array.from({ length: 3000 }, (_, i) => i % 251);
    const payload = btoa(String.fromCharCode(...bytes));
    await a.send(
      `(shirakumo:data :id 1 :channel "room" :content-type "image/png" :payload "${payload}")`,
    );
    const m = await b.waitFor("message", (u) => u.id === 1);
    const got = await fetch(m.text as string);
    assert.deepEqual(new Uint8Array(await got.arrayBuffer()), bytes);
  },
  { wsPort: port2, linkUrl: base2, workers: 1 },
);
