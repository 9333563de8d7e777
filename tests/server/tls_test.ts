/**
 * Lichat over TLS and WebSocket over TLS with real certificates made by
 * openssl, and their reload while connections are open: the open ones keep
 * working, new ones see the new certificate.
 */
import assert from "node:assert/strict";
import { rawHttp, upgradeRequest } from "../helpers/http.ts";
import { connectRetrying, deno, reap } from "../helpers/process.ts";
import { RawClient } from "../helpers/raw.ts";
import { freePort, type TestServer, withServer } from "../helpers/server.ts";
import { haveOpenssl, makeCertificates, NO_OPENSSL, type TestCertificate } from "../helpers/tls.ts";
import { readText, sendText } from "../helpers/wsframes.ts";

const openssl = await haveOpenssl();
if (!openssl) console.warn(NO_OPENSSL);

/** A test with two certificates from two CAs in one temporary directory. */
function tlsTest(
  name: string,
  fn: (dir: string, one: TestCertificate, two: TestCertificate) => Promise<void>,
) {
  Deno.test({
    name,
    ignore: !openssl,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const dir = await Deno.makeTempDir({ prefix: "lichat-tls-" });
      await fn(dir, await makeCertificates(dir, "one"), await makeCertificates(dir, "two"));
    },
  });
}

/** Options that turn TLS on with the files `cert` and `key` (copied to fixed names in `dir`). */
async function tlsOptions(dir: string, cert: TestCertificate) {
  await Deno.copyFile(cert.cert, `${dir}/server.pem`);
  await Deno.copyFile(cert.key, `${dir}/server.key`);
  return {
    tlsCert: `${dir}/server.pem`,
    tlsKey: `${dir}/server.key`,
    tlsPort: 0,
    wssPort: 0,
    wsPort: -1,
  };
}

/** A WebSocket over TLS handshake as `name`: the connect reply's text. */
async function wssConnect(
  srv: TestServer,
  ca: string,
  name: string,
  headers: Record<string, string> = {},
  whileOpen: () => void = () => {},
): Promise<string> {
  const conn = await Deno.connectTls({
    hostname: "127.0.0.1",
    port: srv.server.wssPort!,
    caCerts: [ca],
  });
  try {
    const head = await rawHttp(conn, upgradeRequest(`127.0.0.1:${srv.server.wssPort}`, headers));
    assert.equal(head.status, 101, head.text);
    await sendText(conn, `(connect :id 1 :version "2.0" :from "${name}" :extensions ())`);
    const [reply] = await readText(conn, head.rest);
    whileOpen();
    return reply;
  } finally {
    conn.close();
  }
}

/** Does a TLS handshake on `port` trusting only `ca` fail? */
async function refusedWith(port: number, ca: string): Promise<boolean> {
  try {
    const conn = await Deno.connectTls({ hostname: "127.0.0.1", port, caCerts: [ca] });
    try {
      await conn.handshake();
      return false;
    } finally {
      conn.close();
    }
  } catch {
    return true;
  }
}

tlsTest("Lichat over TLS and WebSocket over TLS, beside the plain listeners", async (dir, one) => {
  await withServer(await tlsOptions(dir, one), async (srv) => {
    const secure = await RawClient.connectTls(srv.server.tlsPort!, [one.ca]);
    try {
      assert.equal((await secure.handshake("alice")).from, "alice");
      const plain = await srv.user("bob");
      await secure.send('(create :id 2 :channel "room")');
      await secure.waitFor("join", (u) => u.id === 2);
      await plain.send('(join :id 3 :channel "room")');
      await secure.waitFor("join", (u) => u.from === "bob");
      await plain.send('(message :id 4 :channel "room" :text "in the clear")');
      assert.equal((await secure.waitFor("message", (u) => u.id === 4)).text, "in the clear");
      assert.match(await wssConnect(srv, one.ca, "carol"), /^\(CONNECT .*:FROM "carol"/i);
    } finally {
      secure.close();
    }
  });
});

tlsTest(
  "a reload keeps open connections and gives new ones the new certificate",
  async (dir, one, two) => {
    const options = await tlsOptions(dir, one);
    await withServer(options, async (srv) => {
      const old = await RawClient.connectTls(srv.server.tlsPort!, [one.ca]);
      try {
        await old.handshake("alice");
        // Broken files: the certificate in use stays.
        await Deno.writeTextFile(options.tlsCert, "not a certificate");
        assert.equal(srv.server.reloadCertificates(), false);
        assert.equal(await refusedWith(srv.server.tlsPort!, one.ca), false);
        await Deno.copyFile(two.cert, options.tlsCert);
        await Deno.copyFile(two.key, options.tlsKey);
        assert.equal(srv.server.reloadCertificates(), true);
        // The open connection works on, with its old certificate.
        await old.send('(create :id 2 :channel "room")');
        assert.equal((await old.waitFor("join", (u) => u.id === 2)).channel, "room");
        // New connections get the new one, on both TLS listeners.
        assert.equal(await refusedWith(srv.server.tlsPort!, one.ca), true);
        assert.equal(await refusedWith(srv.server.wssPort!, one.ca), true);
        const fresh = await RawClient.connectTls(srv.server.tlsPort!, [two.ca]);
        assert.equal((await fresh.handshake("bob")).from, "bob");
        fresh.close();
        assert.match(await wssConnect(srv, two.ca, "carol"), /:FROM "carol"/i);
        await old.send('(message :id 3 :channel "room" :text "still here")');
        assert.equal((await old.waitFor("message", (u) => u.id === 3)).text, "still here");
      } finally {
        old.close();
      }
    });
  },
);

tlsTest("SIGHUP re-reads the certificate of a running server process", async (dir, one, two) => {
  const options = await tlsOptions(dir, one);
  const port = freePort();
  const tlsPort = freePort();
  const child = deno([
    "--port",
    String(port),
    "--hostname",
    "127.0.0.1",
    "--ws-port",
    "0",
    "--tls-port",
    String(tlsPort),
    "--tls-cert",
    options.tlsCert,
    "--tls-key",
    options.tlsKey,
  ], [`--allow-read=${dir}`]).spawn();
  try {
    (await connectRetrying(port)).close();
    const old = await RawClient.connectTls(tlsPort, [one.ca]);
    await old.handshake("alice");
    await Deno.copyFile(two.cert, options.tlsCert);
    await Deno.copyFile(two.key, options.tlsKey);
    child.kill("SIGHUP");
    // The signal is handled in its own time: wait for the new certificate.
    let fresh: RawClient | undefined;
    for (let i = 0; i < 100 && !fresh; i++) {
      fresh = await RawClient.connectTls(tlsPort, [two.ca]).catch(() => undefined);
      if (!fresh) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(fresh, "the new certificate is served");
    assert.equal((await fresh.handshake("bob")).from, "bob");
    await old.send('(create :id 2 :channel "room")');
    assert.equal((await old.waitFor("join", (u) => u.id === 2)).channel, "room");
    old.close();
    fresh.close();
  } finally {
    await reap(child);
  }
});

tlsTest("--tls-cert without --tls-key, or an unreadable one, does not start", async (dir, one) => {
  await assert.rejects(
    withServer({ tlsCert: one.cert, tlsPort: 0 }, () => Promise.resolve()),
    /--tls-cert and --tls-key go together/,
  );
  await assert.rejects(
    withServer(
      { tlsCert: one.cert, tlsKey: `${dir}/missing.key`, tlsPort: 0 },
      () => Promise.resolve(),
    ),
  );
});

tlsTest(
  "WebSocket over TLS from a trusted proxy: X-Forwarded-For gives the client",
  async (dir, one) => {
    const options = { ...await tlsOptions(dir, one), trustedProxies: ["127.0.0.1/32"] };
    await withServer(options, async (srv) => {
      let address = "";
      const reply = await wssConnect(
        srv,
        one.ca,
        "webby",
        { "X-Forwarded-For": "203.0.113.5" },
        () => {
          address = [...srv.server.actor.users.get("webby")!.connections][0].address;
        },
      );
      assert.match(reply, /:FROM "webby"/i);
      assert.equal(address, "203.0.113.5:0");
    });
  },
);
