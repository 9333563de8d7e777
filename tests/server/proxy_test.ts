/**
 * --trusted-proxies: the client's real address from a trusted proxy's PROXY
 * header (v1, v2) on the TCP and TLS listeners and its Forwarded or
 * X-Forwarded-For on WebSocket; from anyone else the headers are ignored and
 * a PROXY header is malformed input. The real address is what ip bans and
 * server-info see.
 */
import assert from "node:assert/strict";
import { parseProxyHeader } from "../../server/transport/proxy.ts";
import { expectFailure } from "../helpers/failures.ts";
import { rawHttp, upgradeRequest } from "../helpers/http.ts";
import { RawClient } from "../helpers/raw.ts";
import { eventually, serverTest, type TestServer, withServer } from "../helpers/server.ts";
import { haveOpenssl, makeCertificates, NO_OPENSSL } from "../helpers/tls.ts";
import { readText, sendText } from "../helpers/wsframes.ts";

const LOOPBACK = { trustedProxies: ["127.0.0.1/32"] };
const ELSEWHERE = { trustedProxies: ["10.0.0.0/8", "2001:db8::/32"] };

/** A PROXY v1 line. */
function v1(src: string, port = 5555): string {
  const family = src.includes(":") ? "TCP6" : "TCP4";
  const dst = src.includes(":") ? "::1" : "127.0.0.1";
  return `PROXY ${family} ${src} ${dst} ${port} 1111\r\n`;
}

/** A PROXY v2 header: `command` 1 (PROXY) or 0 (LOCAL), IPv4 or IPv6 by the source given. */
function v2(src: number[], port = 6666, command = 1): Uint8Array {
  const six = src.length === 16;
  const addresses = [...src, ...(six ? new Array(15).fill(0).concat([1]) : [127, 0, 0, 1])];
  const body = [...addresses, port >> 8, port & 255, 0x04, 0x57];
  return new Uint8Array([
    13,
    10,
    13,
    10,
    0,
    13,
    10,
    81,
    85,
    73,
    84,
    10,
    0x20 | command,
    six ? 0x21 : 0x11,
    body.length >> 8,
    body.length & 255,
    ...body,
  ]);
}

/** A TCP connection that starts with `header`. */
async function proxied(srv: TestServer, header: string | Uint8Array): Promise<RawClient> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: srv.port });
  const c = RawClient.over(conn);
  await c.sendRaw(header);
  return c;
}

/** The address the server holds for `name`'s connection. */
function addressOf(srv: TestServer, name: string): string {
  return [...srv.server.actor.users.get(name)!.connections][0].address;
}

Deno.test("PROXY headers parsed: v1, v2, partial, bad", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  assert.deepEqual(parseProxyHeader(enc(v1("203.0.113.7"))), {
    kind: "ok",
    length: v1("203.0.113.7").length,
    address: "203.0.113.7:5555",
  });
  assert.equal(parseProxyHeader(enc("PROXY TCP4 203.0.1")).kind, "more");
  assert.equal(parseProxyHeader(v2([1, 2, 3, 4]).subarray(0, 20)).kind, "more");
  assert.deepEqual(parseProxyHeader(enc("PROXY UNKNOWN\r\n")), {
    kind: "ok",
    length: 15,
    address: undefined,
  });
  for (
    const bad of ["PROXY TCP5 1.2.3.4 1.2.3.4 1 2\r\n", "PROXY TCP4 ::1 ::1 1 2\r\n", "(connect"]
  ) {
    assert.equal(parseProxyHeader(enc(bad)).kind, "bad", bad);
  }
  assert.equal(parseProxyHeader(enc("PROXY " + "x".repeat(120))).kind, "bad", "too long");
});

serverTest(
  "trusted: PROXY v1 over TCP, IPv4 and IPv6, header and connect in one write",
  async (srv) => {
    const a = await proxied(srv, v1("203.0.113.7"));
    await a.handshake("alice");
    assert.equal(addressOf(srv, "alice"), "203.0.113.7:5555");
    const b = await proxied(srv, v1("2001:db8::42", 7777));
    await b.handshake("bob");
    assert.equal(addressOf(srv, "bob"), "[2001:db8::42]:7777");
    const c = await proxied(
      srv,
      v1("198.51.100.9") + '(connect :id 1 :version "2.0" :from "carol" :extensions ())\0',
    );
    await c.expect("connect");
    assert.equal(addressOf(srv, "carol"), "198.51.100.9:5555");
  },
  LOOPBACK,
);

serverTest("trusted: PROXY v2 over TCP, IPv4, IPv6 and LOCAL", async (srv) => {
  const a = await proxied(srv, v2([203, 0, 113, 7]));
  await a.handshake("alice");
  assert.equal(addressOf(srv, "alice"), "203.0.113.7:6666");
  const six = [0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), 0x42];
  const b = await proxied(srv, v2(six, 8080));
  await b.handshake("bob");
  assert.equal(addressOf(srv, "bob"), "[2001:db8::42]:8080");
  const local = await proxied(srv, v2([1, 2, 3, 4], 1, 0));
  await local.handshake("health");
  assert.match(addressOf(srv, "health"), /^127\.0\.0\.1:\d+$/, "LOCAL: the proxy's own");
}, LOOPBACK);

serverTest("trusted: no PROXY header, or a broken one, is malformed input", async (srv) => {
  const bare = await srv.client();
  await bare.send('(connect :id 1 :version "2.0" :from "alice" :extensions ())');
  assert.match(String((await expectFailure(bare, "malformed-update")).text), /PROXY header/);
  await bare.waitClosed();
  const broken = await proxied(srv, "PROXY TCP5 1.2.3.4 1.2.3.4 1 2\r\n");
  await expectFailure(broken, "malformed-update");
  await broken.waitClosed();
}, LOOPBACK);

for (const [what, overrides] of [["other ranges", ELSEWHERE], ["no ranges", {}]] as const) {
  serverTest(`untrusted (${what}): a PROXY header is malformed input`, async (srv) => {
    for (const header of [v1("203.0.113.7"), v2([203, 0, 113, 7])]) {
      const c = await proxied(srv, header);
      const f = await expectFailure(c, "malformed-update");
      assert.match(String(f.text), /only from --trusted-proxies/);
      await c.waitClosed();
    }
    const direct = await srv.user("alice");
    assert.match(addressOf(srv, "alice"), /^127\.0\.0\.1:\d+$/);
    direct.close();
  }, overrides);
}

/** A proxied client logged in as `name` with a password, registered first. */
async function proxiedAdmin(srv: TestServer, name: string, from: string): Promise<RawClient> {
  const first = await proxied(srv, v1(from));
  await first.handshake(name);
  await first.send('(register :id 1 :password "root-password")');
  await first.expect("register");
  first.close();
  await eventually(() => !srv.server.actor.users.has(name), `${name} gone`);
  const c = await proxied(srv, v1(from));
  await c.handshake(name, "root-password");
  return c;
}

serverTest("ip bans and server-info see the real address", async (srv) => {
  const root = await proxiedAdmin(srv, "root", "198.51.100.1");
  const victim = await proxied(srv, v1("203.0.113.7", 4000));
  await victim.handshake("mallory");
  await root.send('(server-info :id 2 :target "mallory" :attributes () :connections ())');
  await root.waitFor("server-info");
  assert.match(root.texts.at(-1)!, /\(ip "203\.0\.113\.7:4000"\)/);
  await root.send('(shirakumo:ip-ban :id 3 :ip "203.0.113.7")');
  await root.waitFor("shirakumo:ip-ban");
  await victim.waitClosed();
  const again = await proxied(srv, v1("203.0.113.7", 4001));
  await again.waitClosed();
  const neighbour = await proxied(srv, v1("203.0.113.8"));
  assert.equal((await neighbour.handshake("bob")).from, "bob");
}, { ...LOOPBACK, admins: ["root"] });

// TLS: the PROXY header comes in the clear, before the handshake.

const openssl = await haveOpenssl();
if (!openssl) console.warn(NO_OPENSSL);

async function tlsProxied(port: number, ca: string, header: string): Promise<RawClient> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(new TextEncoder().encode(header));
  const secure = await Deno.startTls(conn, { hostname: "127.0.0.1", caCerts: [ca] });
  await secure.handshake();
  return RawClient.over(secure);
}

for (
  const [what, overrides, trusted] of [["trusted", LOOPBACK, true], [
    "untrusted",
    ELSEWHERE,
    false,
  ]] as const
) {
  Deno.test({
    name: `TLS, ${what}: a PROXY header before the handshake ${
      trusted ? "gives the address" : "fails it"
    }`,
    ignore: !openssl,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const dir = await Deno.makeTempDir({ prefix: "lichat-proxy-" });
      const cert = await makeCertificates(dir, "proxy");
      const tls = { tlsCert: cert.cert, tlsKey: cert.key, tlsPort: 0 };
      await withServer({ ...overrides, ...tls }, async (srv) => {
        const port = srv.server.tlsPort!;
        if (!trusted) {
          await assert.rejects(tlsProxied(port, cert.ca, v1("203.0.113.7")));
          const direct = await RawClient.connectTls(port, [cert.ca]);
          await direct.handshake("alice");
          assert.match(addressOf(srv, "alice"), /^127\.0\.0\.1:\d+$/);
          direct.close();
          return;
        }
        const c = await tlsProxied(port, cert.ca, v1("203.0.113.7"));
        await c.handshake("alice");
        assert.equal(addressOf(srv, "alice"), "203.0.113.7:5555");
        c.close();
        // Without a header, a trusted peer's handshake does not start.
        await assert.rejects(RawClient.connectTls(port, [cert.ca]));
      });
    },
  });
}

// WebSocket: Forwarded and X-Forwarded-For.

/** A WebSocket handshake as `name` with `headers` on the upgrade; the connection, left open. */
async function wsWith(
  srv: TestServer,
  name: string,
  headers: Record<string, string>,
): Promise<Deno.Conn> {
  const port = srv.server.wsPort!;
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const head = await rawHttp(conn, upgradeRequest(`127.0.0.1:${port}`, headers));
  assert.equal(head.status, 101, head.text);
  await sendText(conn, `(connect :id 1 :version "2.0" :from "${name}" :extensions ())`);
  const [reply] = await readText(conn, head.rest);
  assert.match(reply, /^\(CONNECT /i);
  return conn;
}

serverTest(
  "trusted: X-Forwarded-For and Forwarded give the client, read from the right",
  async (srv) => {
    const conns = [
      await wsWith(srv, "a", { "X-Forwarded-For": "203.0.113.7" }),
      await wsWith(srv, "b", { "X-Forwarded-For": "198.51.100.1, 203.0.113.9" }),
      await wsWith(srv, "c", { Forwarded: 'for="[2001:db8::1]:4711";proto=https' }),
      await wsWith(srv, "d", {
        Forwarded: "for=192.0.2.60, for=203.0.113.3",
        "X-Forwarded-For": "1.1.1.1",
      }),
      // Past the trusted proxies in the chain.
      await wsWith(srv, "e", { "X-Forwarded-For": "198.51.100.5, 127.0.0.1" }),
      // An obfuscated node: nothing beyond the proxy can be believed.
      await wsWith(srv, "f", { Forwarded: "for=_hidden" }),
    ];
    try {
      assert.equal(addressOf(srv, "a"), "203.0.113.7:0");
      assert.equal(addressOf(srv, "b"), "203.0.113.9:0");
      assert.equal(addressOf(srv, "c"), "[2001:db8::1]:4711");
      assert.equal(addressOf(srv, "d"), "203.0.113.3:0");
      assert.equal(addressOf(srv, "e"), "198.51.100.5:0");
      assert.match(addressOf(srv, "f"), /^127\.0\.0\.1:\d+$/);
    } finally {
      for (const c of conns) c.close();
    }
  },
  { ...LOOPBACK, wsPort: -1 },
);

serverTest("untrusted: Forwarded and X-Forwarded-For are ignored", async (srv) => {
  const conns = [
    await wsWith(srv, "a", { "X-Forwarded-For": "203.0.113.7" }),
    await wsWith(srv, "b", { Forwarded: "for=203.0.113.7" }),
  ];
  try {
    assert.match(addressOf(srv, "a"), /^127\.0\.0\.1:\d+$/);
    assert.match(addressOf(srv, "b"), /^127\.0\.0\.1:\d+$/);
  } finally {
    for (const c of conns) c.close();
  }
}, { ...ELSEWHERE, wsPort: -1 });

Deno.test("a bad --trusted-proxies range does not start the server", async () => {
  for (const bad of ["10.0.0.0/33", "nonsense", "10.0.0.0/"]) {
    await assert.rejects(
      withServer({ trustedProxies: [bad] }, () => Promise.resolve()),
      /--trusted-proxies/,
      bad,
    );
  }
});
