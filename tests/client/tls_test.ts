/**
 * The client over TLS: a real Lichat server started by the test behind a
 * TLS-terminating forwarder whose certificate a private CA, made here with
 * `openssl`, signed. Real TLS (rustls in Deno) to a real server, on TCP and
 * on WebSocket (`wss://`), from the library and the terminal client. Skipped,
 * saying so, where openssl is missing.
 */
import assert from "node:assert/strict";
import { Client } from "../../client/mod.ts";
import { type Certificates, Forwarder, makeCertificates } from "../helpers/forward.ts";
import { serverTest, type TestServer } from "../helpers/server.ts";
import { hasScript, Terminal } from "../helpers/terminal.ts";

let certs: Promise<Certificates | undefined> | undefined;

function tlsTest(name: string, fn: (srv: TestServer, certs: Certificates) => Promise<void>) {
  serverTest(`client (tls): ${name}`, async (srv) => {
    const made = await (certs ??= makeCertificates());
    if (!made) {
      console.warn("SKIPPED: no `openssl` command to make a test certificate with");
      return;
    }
    await fn(srv, made);
  }, { wsPort: -1 });
}

/** Alice over `opts` and bob over plain TCP meet in a channel. */
async function roundTrip(srv: TestServer, opts: ConstructorParameters<typeof Client>[0]) {
  const a = new Client({ username: "alice", ...opts });
  const b = new Client({ username: "bob", hostname: "127.0.0.1", port: srv.port });
  try {
    await a.open();
    await b.open();
    await a.request("create", { channel: "secure" });
    await b.request("join", { channel: "secure" });
    const heard = new Promise<string>((r) => b.on("message", (u) => r(u.text)));
    a.send("message", { channel: "secure", text: "over tls" });
    assert.equal(await heard, "over tls");
    const toAlice = new Promise<string>((r) =>
      a.on("message", (u) => u.from === "bob" && r(u.text))
    );
    b.send("message", { channel: "secure", text: "and back" });
    assert.equal(await toAlice, "and back");
  } finally {
    await a.close();
    await b.close();
  }
}

tlsTest("TCP with a private CA from a file, by host name", async (srv, c) => {
  const fwd = Forwarder.start(srv.port, c);
  try {
    await roundTrip(srv, { hostname: "localhost", port: fwd.port, tls: true, caFile: c.caFile });
  } finally {
    fwd.close();
  }
});

tlsTest("TCP with the CA given as PEM text, by address", async (srv, c) => {
  const fwd = Forwarder.start(srv.port, c);
  try {
    await roundTrip(srv, { hostname: "127.0.0.1", port: fwd.port, tls: true, caCerts: [c.caCert] });
  } finally {
    fwd.close();
  }
});

tlsTest("an untrusted certificate is refused", async (srv, c) => {
  const fwd = Forwarder.start(srv.port, c);
  const a = new Client({ username: "eve", hostname: "localhost", port: fwd.port, tls: true });
  try {
    await assert.rejects(a.open(), /certificate|UnknownIssuer/i);
    assert.equal(a.connected, false);
  } finally {
    await a.close();
    fwd.close();
  }
});

tlsTest("the default TLS port is 1112", (_srv, c) => {
  assert.equal(new Client({ tls: true, caFile: c.caFile }).port, 1112);
  assert.equal(new Client({}).port, 1111);
  return Promise.resolve();
});

tlsTest("wss:// with a private CA", async (srv, c) => {
  const wsPort = Number(new URL(srv.wsUrl!).port);
  const fwd = Forwarder.start(wsPort, c);
  try {
    await roundTrip(srv, { url: `wss://localhost:${fwd.port}/`, caFile: c.caFile });
  } finally {
    fwd.close();
  }
});

tlsTest("the terminal client with --tls and --ca-file", async (srv, c) => {
  if (!(await hasScript())) {
    console.warn("SKIPPED: no `script` command to make a pseudo-terminal with");
    return;
  }
  const fwd = Forwarder.start(srv.port, c);
  const t = new Terminal([
    "--username",
    "alice",
    "--host",
    "localhost",
    "--port",
    String(fwd.port),
    "--tls",
    "--ca-file",
    c.caFile,
  ]);
  try {
    await t.see(new RegExp(`Connected to lichat://localhost:${fwd.port}/ as alice`));
    await t.enter("/quit");
    assert.equal(await t.exit(), 0);
  } finally {
    t.kill();
    fwd.close();
  }
});
