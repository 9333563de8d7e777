/** The WebSocket transport: same network, same checks, one update per message. */
import assert from "node:assert/strict";
import { SERVER_NAME, serverTest, type TestServer } from "../helpers/server.ts";
import { WsClient } from "../helpers/ws.ts";

const WS = { wsPort: -1 };

function wsTest(
  name: string,
  fn: (srv: TestServer, clients: WsClient[]) => Promise<void>,
  overrides = {},
) {
  serverTest(name, async (srv) => {
    const clients: WsClient[] = [];
    try {
      await fn(srv, clients);
      assert.deepEqual(clients.flatMap((c) => c.violations), []);
    } finally {
      for (const c of clients) c.close();
      await Promise.all(clients.map((c) => c.waitClosed(1000).catch(() => {})));
    }
  }, { ...WS, ...overrides });
}

async function ws(srv: TestServer, clients: WsClient[], protocols?: string[]): Promise<WsClient> {
  const c = await WsClient.connect(srv.wsUrl!, protocols);
  clients.push(c);
  return c;
}

wsTest("handshake over WebSocket, with the lichat subprotocol selected", async (srv, clients) => {
  const c = await ws(srv, clients);
  assert.equal(c.ws.protocol, "lichat");
  c.send('(connect :id 1 :version "2.0" :from "webby" :extensions ())');
  const reply = await c.expect("connect");
  assert.equal(reply.id, 1);
  assert.equal(reply.from, "webby");
  assert.equal((await c.expect("join")).channel, SERVER_NAME);
  await c.expect("message");
  // One update per message, each ending in NUL like the original ws server.
  assert.equal(c.messages.length, 3);
  for (const m of c.messages) {
    assert.ok(m.endsWith("\0"));
    assert.equal(m.indexOf("\0"), m.length - 1);
  }
});

wsTest(
  "works without a subprotocol, and accepts a trailing NUL from the client",
  async (srv, clients) => {
    const c = await ws(srv, clients, []);
    assert.equal(c.ws.protocol, "");
    c.send('(connect :id 2 :version "2.0" :from "plain" :extensions ())\0');
    await c.expect("connect");
  },
);

wsTest("a TCP user and a WebSocket user chat in one channel, both ways", async (srv, clients) => {
  const t = await srv.user("tcpuser");
  const w = await ws(srv, clients);
  await w.handshake("webuser");
  await t.send('(create :id 3 :channel "mixed")');
  await t.waitFor("join", (u) => u.id === 3);
  w.send('(join :id 4 :channel "mixed")');
  await w.waitFor("join", (u) => u.id === 4);
  await t.waitFor("join", (u) => u.from === "webuser" && u.channel === "mixed");
  await t.send('(message :id 5 :channel "mixed" :text "from tcp")');
  assert.equal((await w.waitFor("message", (u) => u.id === 5)).text, "from tcp");
  w.send('(message :id 6 :channel "mixed" :text "from the web")');
  assert.equal((await t.waitFor("message", (u) => u.id === 6)).text, "from the web");
});

wsTest("failures over WebSocket: malformed, unknown, binary, oversized", async (srv, clients) => {
  const w = await ws(srv, clients);
  await w.handshake("webby");
  w.send("(message :id 7 :channel");
  await w.expect("malformed-update");
  w.send("(frobnicate :id 8)");
  assert.equal((await w.expect("invalid-update"))["update-id"], 8);
  w.ws.send(new Uint8Array([1, 2, 3]));
  assert.match((await w.expect("malformed-update")).text as string, /[Bb]inary/);
  w.send(`(ping :id 9 :pad "${"x".repeat(2000)}")`);
  await w.expect("update-too-long");
  w.send("(ping :id 10)");
  assert.equal((await w.expect("pong")).id, 10);
}, { maxUpdateSize: 512 });

wsTest(
  "disconnect closes with code 1000; an abrupt close makes the user leave",
  async (srv, clients) => {
    const t = await srv.user("watcher");
    const w = await ws(srv, clients);
    await w.handshake("leaver");
    w.send("(disconnect :id 11)");
    assert.equal((await w.waitFor("disconnect")).id, 11);
    assert.equal((await w.waitClosed()).code, 1000);
    await t.waitFor("leave", (u) => u.from === "leaver");
    const w2 = await ws(srv, clients);
    await w2.handshake("crasher");
    w2.close();
    await t.waitFor("leave", (u) => u.from === "crasher");
    assert.equal(srv.server.actor.findUser("crasher"), undefined);
  },
);

wsTest("the connection limit counts TCP and WebSocket together", async (srv, clients) => {
  await srv.user("one");
  const w = await ws(srv, clients);
  await w.handshake("two");
  const w3 = await ws(srv, clients);
  await w3.expect("too-many-connections");
  assert.equal((await w3.waitClosed()).code, 1000);
  const t3 = await srv.client();
  await t3.expect("too-many-connections");
}, { connectionLimit: 2 });

wsTest("pings and idle timeouts apply to WebSocket connections", async (srv, clients) => {
  const w = await ws(srv, clients);
  await w.handshake("quiet");
  srv.clock.advance(1000);
  await w.expect("ping");
  srv.clock.advance(1000);
  await w.expect("connection-unstable");
  await w.waitClosed();
}, { pingInterval: 1, idleTimeout: 2 });

wsTest("server-info tells the transport of each connection", async (srv, clients) => {
  srv.server.actor.primary.permissions.delete("server-info");
  const w = await ws(srv, clients);
  await w.handshake("webby");
  w.send('(server-info :id 12 :target "webby" :attributes () :connections ())');
  const r = await w.expect("server-info");
  const conn = new Map(
    (r.connections as [{ name: string }, unknown][][])[0].map(([k, v]) => [k.name, v]),
  );
  assert.equal(conn.get("transport"), "websocket");
});

wsTest("plain HTTP gets 426, a wrong path 404, a foreign origin 403", async (srv) => {
  const base = srv.wsUrl!.replace("ws:", "http:");
  const plain = await fetch(base);
  assert.equal(plain.status, 426);
  await plain.body?.cancel();
  const wrong = await fetch(base + "elsewhere");
  assert.equal(wrong.status, 404);
  await wrong.body?.cancel();
  const port = Number(new URL(base).port);
  assert.match(await upgrade(port, "http://evil.example"), /^HTTP\/1\.1 403/);
  assert.match(await upgrade(port, "http://good.example"), /^HTTP\/1\.1 101/);
}, { wsOrigin: ["http://good.example"] });

/** Send a raw upgrade request with an Origin header; the status line comes back. */
async function upgrade(port: number, origin: string): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const req = [
      "GET / HTTP/1.1",
      `Host: 127.0.0.1:${port}`,
      "Upgrade: websocket",
      "Connection: Upgrade",
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
      "Sec-WebSocket-Version: 13",
      "Sec-WebSocket-Protocol: lichat",
      `Origin: ${origin}`,
      "",
      "",
    ].join("\r\n");
    await conn.write(new TextEncoder().encode(req));
    const buf = new Uint8Array(1024);
    const n = await conn.read(buf);
    return new TextDecoder().decode(buf.subarray(0, n ?? 0));
  } finally {
    conn.close();
  }
}

serverTest("shutdown: a WebSocket client gets disconnect and a normal close", async (srv) => {
  const w = await WsClient.connect(srv.wsUrl!);
  await w.handshake("webby");
  const closing = srv.server.shutdown();
  await w.waitFor("disconnect");
  assert.equal((await w.waitClosed()).code, 1000);
  await closing;
}, WS);
