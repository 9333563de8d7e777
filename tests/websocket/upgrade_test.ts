/**
 * Bad WebSocket upgrades answered as RFC 6455 says (400, or 426 with the
 * version spoken), never 500, logged as one warning line without a trace;
 * and the origins a browser page may connect from by default.
 */
import assert from "node:assert/strict";
import { rawHttp, upgradeRequest } from "../helpers/http.ts";
import { deno, lineMatching, linesMatching, reap } from "../helpers/process.ts";
import { freePort, serverTest, type TestServer } from "../helpers/server.ts";

/** The status and headers a raw upgrade with `headers` gets. */
async function upgrade(
  srv: TestServer,
  headers: Record<string, string | null> = {},
  eol = "\r\n",
) {
  const port = srv.server.wsPort!;
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    return await rawHttp(conn, upgradeRequest(`127.0.0.1:${port}`, headers), eol);
  } finally {
    conn.close();
  }
}

const WS = { wsPort: -1 };

serverTest("a good upgrade gets 101, with CRLF or LF-only lines", async (srv) => {
  assert.equal((await upgrade(srv)).status, 101);
  assert.equal((await upgrade(srv, {}, "\n")).status, 101);
  assert.equal((await upgrade(srv, { Connection: "keep-alive, Upgrade" })).status, 101);
}, WS);

const BAD: [string, Record<string, string | null>, number][] = [
  ["no Sec-WebSocket-Key", { "Sec-WebSocket-Key": null }, 400],
  ["a Sec-WebSocket-Key that is not 16 bytes", { "Sec-WebSocket-Key": "c2hvcnQ=" }, 400],
  ["no Connection header", { Connection: null }, 400],
  ["Connection without Upgrade", { Connection: "keep-alive" }, 400],
  ["no Sec-WebSocket-Version", { "Sec-WebSocket-Version": null }, 400],
  ["Sec-WebSocket-Version: 8", { "Sec-WebSocket-Version": "8" }, 426],
];

for (const [what, headers, status] of BAD) {
  serverTest(`an upgrade with ${what} gets ${status}, also with LF-only lines`, async (srv) => {
    for (const eol of ["\r\n", "\n"]) {
      const r = await upgrade(srv, headers, eol);
      assert.equal(r.status, status, r.text);
      if (status === 426) assert.equal(r.headers.get("sec-websocket-version"), "13");
    }
    // The listener goes on serving.
    assert.equal((await upgrade(srv)).status, 101);
  }, WS);
}

Deno.test({
  name: "a bad upgrade is one warning line in the log, never a stack trace",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const port = freePort();
    const wsPort = freePort();
    const child = deno([
      "--port",
      String(port),
      "--hostname",
      "127.0.0.1",
      "--ws-hostname",
      "127.0.0.1",
      "--ws-port",
      String(wsPort),
    ]).spawn();
    try {
      const [listening, rest] = child.stderr.tee();
      await lineMatching(listening, /WebSocket listening/);
      for (const [, headers] of BAD) {
        const conn = await Deno.connect({ hostname: "127.0.0.1", port: wsPort });
        await rawHttp(conn, upgradeRequest(`127.0.0.1:${wsPort}`, headers), "\n");
        conn.close();
      }
      // Past the refusals, a good upgrade's open: every refusal is logged by then.
      const good = await Deno.connect({ hostname: "127.0.0.1", port: wsPort });
      assert.equal((await rawHttp(good, upgradeRequest(`127.0.0.1:${wsPort}`))).status, 101);
      good.close();
      const { text } = await linesMatching(rest, /Connection \d+ closed: .*\(websocket\)/, 1);
      const lines = text.split("\n").filter((l) => l.includes("Refused a WebSocket upgrade"));
      assert.equal(lines.length, BAD.length, text);
      for (const l of lines) assert.match(l, /\[WRN\]/);
      assert.doesNotMatch(text, /^\s+at /m, "no stack trace");
      assert.doesNotMatch(text, /\[ERR\]/);
    } finally {
      await reap(child);
    }
  },
});

// Origins.

serverTest(
  "by default: no Origin, or the server's own, yes; another site's page, no",
  async (srv) => {
    const port = srv.server.wsPort!;
    assert.equal((await upgrade(srv, {})).status, 101, "no Origin: not a browser");
    assert.equal((await upgrade(srv, { Origin: `http://127.0.0.1:${port}` })).status, 101);
    // A page served through a TLS proxy in front of the listener.
    assert.equal((await upgrade(srv, { Origin: `https://127.0.0.1:${port}` })).status, 101);
    assert.equal((await upgrade(srv, { Origin: "http://evil.example" })).status, 403);
    assert.equal((await upgrade(srv, { Origin: `http://127.0.0.1:${port + 1}` })).status, 403);
    assert.equal((await upgrade(srv, { Origin: "null" })).status, 403, "a sandboxed page");
    // The Host a browser reached the server by, default port or not.
    const host = { Host: "chat.example:80" };
    assert.equal((await upgrade(srv, { ...host, Origin: "http://chat.example" })).status, 101);
    assert.equal((await upgrade(srv, { ...host, Origin: "http://evil.example" })).status, 403);
    assert.equal((await upgrade(srv, { Origin: "https://chat.example.org" })).status, 101);
  },
  { ...WS, linkUrl: "https://chat.example.org/link/" },
);

serverTest("--ws-origin any lets every page in", async (srv) => {
  assert.equal((await upgrade(srv, { Origin: "http://evil.example" })).status, 101);
}, { ...WS, wsOrigin: ["any"] });

serverTest("--ws-origin adds origins to the server's own", async (srv) => {
  const port = srv.server.wsPort!;
  assert.equal((await upgrade(srv, { Origin: "http://good.example" })).status, 101);
  assert.equal((await upgrade(srv, { Origin: `http://127.0.0.1:${port}` })).status, 101);
  assert.equal((await upgrade(srv, { Origin: "http://evil.example" })).status, 403);
}, { ...WS, wsOrigin: ["http://good.example"] });
