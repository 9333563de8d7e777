/** The client library against the real server, over both transports. */
import assert from "node:assert/strict";
import {
  Client,
  ClientError,
  contentTypeFor,
  FailureError,
  TimeoutError,
} from "../../client/mod.ts";
import { universalTime, type Update } from "../../protocol/mod.ts";
import { eventually, serverTest, type TestServer } from "../helpers/server.ts";

type Make = (srv: TestServer, opts?: ConstructorParameters<typeof Client>[0]) => Client;
const transports: [string, Make][] = [
  ["tcp", (srv, o = {}) => new Client({ hostname: "127.0.0.1", port: srv.port, ...o })],
  ["websocket", (srv, o = {}) => new Client({ url: srv.wsUrl, ...o })],
];

function clientTest(
  name: string,
  fn: (srv: TestServer, make: Make) => Promise<void>,
  overrides = {},
) {
  for (const [transport, make] of transports) {
    serverTest(`client (${transport}): ${name}`, async (srv) => {
      const made: Client[] = [];
      try {
        await fn(srv, (s, o) => {
          const c = make(s, o);
          made.push(c);
          return c;
        });
      } finally {
        await Promise.all(made.map((c) => c.close().catch(() => {})));
      }
    }, { wsPort: -1, ...overrides });
  }
}

clientTest("open resolves with the connect reply; channels tracked", async (srv, make) => {
  const c = make(srv, { username: "alice" });
  const reply = await c.open();
  assert.equal(reply.type, "connect");
  assert.equal(c.username, "alice");
  assert.ok(c.connected);
  assert.ok(c.serverExtensions.includes("shirakumo-data"));
  // shirakumo.mess §25.
  assert.match(c.url(), /^lichat:\/\/127\.0\.0\.1(:\d+)?\/$/);
  assert.match(c.url("a room", { from: "bob b", id: 7 }), /\/a%20room#bob%20b@7$/);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual([...c.channels], ["TestServer"]);
  assert.equal(c.serverName, "TestServer");
});

clientTest(
  "each handshake failure rejects with a FailureError carrying the update",
  async (srv, make) => {
    const a = make(srv, { username: "taken" });
    await a.open();
    await a.request("register", { password: "taken-pw" });
    const cases: [ConstructorParameters<typeof Client>[0], string][] = [
      [{ username: "taken" }, "username-taken"],
      [{ username: "taken", password: "wrong-pw" }, "invalid-password"],
      [{ username: "nobody", password: "whatever" }, "no-such-profile"],
      [{ username: " bad" }, "bad-name"],
    ];
    for (const [opts, type] of cases) {
      const c = make(srv, opts);
      await assert.rejects(
        c.open(),
        (e) => e instanceof FailureError && e.failure.type === type,
        type,
      );
    }
    const ok = make(srv, { username: "taken", password: "taken-pw" });
    assert.equal((await ok.open()).from, "taken");
  },
);

clientTest("request matches replies by id and update-id; failures reject", async (srv, make) => {
  const a = make(srv, { username: "alice" });
  await a.open();
  const join = await a.request("create", { channel: "room" });
  assert.equal(join.type, "join");
  const users = await a.request("users", { channel: "room" });
  assert.deepEqual(users.users, ["alice"]);
  await assert.rejects(
    a.request("join", { channel: "nowhere" }),
    (e) => e instanceof FailureError && e.failure.type === "no-such-channel",
  );
  const pong = await a.request("ping", {});
  assert.equal(pong.type, "pong");
});

clientTest("a clock-skewed notice is not taken for the reply", async (srv, make) => {
  const a = make(srv, { username: "alice" });
  await a.open();
  const notices: Update[] = [];
  a.on("clock-skewed", (u) => notices.push(u));
  const join = await a.request("create", { channel: "room", clock: universalTime() - 3600 });
  assert.equal(join.type, "join");
  assert.equal(notices.length, 1);
  assert.equal(notices[0]["update-id"], join.id);
}, { clockSkew: 60 });

clientTest("handlers per type, and the async iterator, see the same updates", async (srv, make) => {
  const a = make(srv, { username: "alice" });
  const b = make(srv, { username: "bob" });
  await a.open();
  await b.open();
  await a.request("create", { channel: "room" });
  await b.request("join", { channel: "room" });
  const seen: Update[] = [];
  b.on("message", (u) => seen.push(u));
  a.send("message", { channel: "room", text: "hello bob" });
  for await (const u of b.updates()) {
    if (u.type === "message" && u.channel === "room") {
      assert.equal(u.text, "hello bob");
      break;
    }
  }
  assert.equal(seen.length, 1);
  assert.equal(seen[0].from, "alice");
});

clientTest("answers the server's pings by itself", async (srv, make) => {
  const a = make(srv, { username: "alice", pingInterval: 0 });
  await a.open();
  const pings: Update[] = [];
  a.on("ping", (u) => pings.push(u));
  const conn = () => srv.server.actor.findUser("alice")!.connections.values().next().value!;
  srv.clock.advance(1000);
  await eventually(() => pings.length >= 1, "the server pinged");
  await eventually(() => !conn().pinged, "the client's pong arrived");
  // Unanswered, the ping would cost the connection now.
  srv.clock.advance(1000);
  assert.ok(srv.server.actor.findUser("alice"), "the pong kept the connection");
  assert.ok(a.connected);
}, { pingInterval: 1, idleTimeout: 2 });

clientTest("reconnects after the server drops it and re-joins its channels", async (srv, make) => {
  const a = make(srv, { username: "alice", reconnect: true });
  await a.open();
  await a.request("create", { channel: "room" });
  const again = new Promise<void>((r) => a.onEvent("reconnect", () => r()));
  // Drop the connection from the server side.
  const user = srv.server.actor.findUser("alice")!;
  for (const conn of user.connections) srv.server.actor.close(conn, true);
  await again;
  assert.ok(a.connected);
  const users = await a.request("users", { channel: "room" });
  assert.deepEqual(users.users, ["alice"]);
});

clientTest(
  "sendData sends shirakumo:data with the content type of the file name",
  async (srv, make) => {
    const a = make(srv, { username: "alice" });
    const b = make(srv, { username: "bob" });
    await a.open();
    await b.open();
    await a.request("create", { channel: "room" });
    await b.request("join", { channel: "room" });
    const got = new Promise<Update>((r) => b.on("shirakumo:data", r));
    const sent = a.sendData("room", { name: "cat.PNG", data: new Uint8Array([137, 80, 78, 71]) });
    assert.equal(sent["content-type"], "image/png");
    const d = await got;
    assert.equal(d.payload, btoa("\x89PNG"));
    assert.equal(d.filename, "cat.PNG");
  },
);

Deno.test("content types from file names", () => {
  assert.equal(contentTypeFor("a.jpeg"), "image/jpeg");
  assert.equal(contentTypeFor("song.OGG"), "audio/ogg");
  assert.equal(contentTypeFor("README"), "application/octet-stream");
});

serverTest("client: a silent server is reported dead", async () => {
  // A server that accepts, answers the handshake, then says nothing more.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const serve = (async () => {
    const conn = await listener.accept();
    const buf = new Uint8Array(4096);
    const n = await conn.read(buf);
    const id = /:id (\d+)/i.exec(new TextDecoder().decode(buf.subarray(0, n ?? 0)))![1];
    await conn.write(
      new TextEncoder().encode(`(connect :id ${id} :from "alice" :version "2.0" :extensions ())\0`),
    );
    await new Promise((r) => setTimeout(r, 3000));
    conn.close();
  })();
  const c = new Client({ username: "alice", hostname: "127.0.0.1", port, pingInterval: 1 });
  await c.open();
  const dead = await Promise.race([
    new Promise<boolean>((r) => c.onEvent("dead", () => r(true))),
    new Promise<boolean>((r) => setTimeout(() => r(false), 3500)),
  ]);
  assert.ok(dead);
  assert.equal(c.connected, false);
  listener.close();
  await serve.catch(() => {});
});

Deno.test("client: a request on a closed client fails cleanly", async () => {
  const c = new Client({ username: "x" });
  await assert.rejects(
    c.request("ping", {}, 100),
    (e) => e instanceof ClientError || e instanceof TimeoutError,
  );
});
