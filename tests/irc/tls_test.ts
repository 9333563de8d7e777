/**
 * The IRC gateway over TLS (`--ircs-port`) with a real certificate made by
 * openssl: an IRC client registers over TLS and chats with a Lichat user.
 */
import assert from "node:assert/strict";
import { IrcClient } from "../helpers/irc.ts";
import { nextId } from "../helpers/raw.ts";
import { freePort, withServer } from "../helpers/server.ts";
import { haveOpenssl, makeCertificates, NO_OPENSSL } from "../helpers/tls.ts";
import { text } from "./scene.ts";

const openssl = await haveOpenssl();
if (!openssl) console.warn(NO_OPENSSL);

Deno.test({
  name: "ircs: an IRC client registers over TLS and chats with a Lichat user both ways",
  ignore: !openssl,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "lichat-ircs-" });
    const cert = await makeCertificates(dir, "irc");
    const options = { tlsCert: cert.cert, tlsKey: cert.key, tlsPort: 0, ircsPort: freePort() };
    await withServer(options, async (srv) => {
      assert.equal(srv.server.ircPort, undefined);
      const a = await srv.user("alice");
      await a.send(`(create :id ${nextId()} :channel "lobby")`);
      await a.waitFor("join", (u) => u.channel === "lobby");
      const i = await IrcClient.connectTls(srv.server.ircsPort!, cert.ca);
      try {
        await i.register("bob");
        await i.send("JOIN #lobby");
        await i.waitFor("366");
        await a.waitFor("join", (u) => u.channel === "lobby" && u.from === "bob");
        await i.send("PRIVMSG #lobby :hello over TLS");
        const m = await a.waitFor("message", (u) => u.from === "bob");
        assert.equal(m.text, "hello over TLS");
        await a.send(`(message :id ${nextId()} :channel "lobby" :text "hi bob")`);
        const back = await i.waitFor("PRIVMSG");
        assert.equal(back.source?.split("!")[0], "alice");
        assert.equal(text(back), "hi bob");
        // Lichat sees the gateway's connection by its transport, as for plain IRC.
        const bob = srv.server.actor.findUser("bob")!;
        assert.deepEqual([...bob.connections].map((c) => c.transport), ["irc"]);
      } finally {
        i.close();
      }
    });
  },
});

Deno.test("ircs: --ircs-port without --tls-cert is refused at start", async () => {
  await assert.rejects(
    withServer({ ircsPort: freePort() }, () => Promise.resolve()),
    /--ircs-port needs --tls-cert/,
  );
});
