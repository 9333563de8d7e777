/** shirakumo-data: payloads to a channel, with the content type checked. */
import assert from "node:assert/strict";
import { quiet, received, room } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";

serverTest(
  "data: distributed to the channel; a refused content type gets bad-content-type",
  async (srv) => {
    const [a, b] = await room(srv, "room", "alice", "bob");
    const outsider = await srv.user("carol");
    await quiet(a);
    await quiet(b);
    const payload = btoa("\x89PNG fake image");
    await a.send(
      `(shirakumo:data :id 1 :channel "room" :content-type "image/png" :filename "x.png" :payload "${payload}")`,
    );
    for (const x of [a, b]) {
      const d = await x.expect("shirakumo:data");
      assert.equal(d.payload, payload);
      assert.equal(d["content-type"], "image/png");
      assert.equal(d.filename, "x.png");
    }
    assert.deepEqual(await received(outsider), []);
    await a.send(
      `(shirakumo:data :id 2 :channel "room" :content-type "application/x-evil" :payload "AA==")`,
    );
    const f = await a.expect("shirakumo:bad-content-type");
    assert.equal(f["update-id"], 2);
    assert.ok((f["allowed-content-types"] as string[]).includes("image/*"));
  },
);

serverTest("data: the connect reply announces shirakumo-data", async (srv) => {
  const c = await srv.client();
  const reply = await c.handshake("alice");
  assert.ok((reply.extensions as string[]).includes("shirakumo-data"));
});
