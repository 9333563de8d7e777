/** IRC registration: CAP negotiation, NICK/USER, PASS and SASL PLAIN as a Lichat connect. */
import assert from "node:assert/strict";
import { nextId } from "../helpers/raw.ts";
import { ircTest, text } from "./scene.ts";

ircTest(
  "registration: NICK and USER make a Lichat user; 001–005 and the MOTD follow",
  async (srv) => {
    const a = await srv.user("alice");
    const i = await srv.irc();
    await i.send("NICK bob", "USER bob 0 * :Bob");
    const welcome = await i.waitFor("001");
    assert.equal(welcome.params[0], "bob");
    const isupport = await i.waitFor("005");
    assert.ok(isupport.params.includes("CHANTYPES=#"));
    assert.ok(isupport.params.includes("UTF8ONLY"));
    await i.waitFor("375");
    assert.equal(text(await i.waitFor("372")), "- Welcome to Lichat.");
    await i.waitFor("376");
    // The Lichat side: bob joined the primary channel over the "irc" transport.
    const join = await a.waitFor("join", (u) => u.from === "bob");
    assert.equal(join.channel, srv.server.options.name);
    const bob = srv.server.actor.findUser("bob")!;
    assert.deepEqual([...bob.connections].map((c) => c.transport), ["irc"]);
  },
);

ircTest(
  "registration: CAP LS 302 lists sasl=PLAIN; REQ is ACKed or NAKed whole; END registers",
  async (srv) => {
    const i = await srv.irc();
    await i.send("CAP LS 302", "NICK ada", "USER a 0 * :A");
    const ls = await i.waitFor("CAP");
    assert.deepEqual(ls.params.slice(0, 2), ["*", "LS"]);
    assert.deepEqual(text(ls).split(" ").sort(), [
      "batch",
      "echo-message",
      "message-tags",
      "sasl=PLAIN",
      "server-time",
    ]);
    await i.send("CAP REQ :server-time frobnicate");
    const nak = await i.waitFor("CAP");
    assert.equal(nak.params[1], "NAK");
    assert.equal(text(nak), "server-time frobnicate");
    await i.send("CAP REQ :server-time echo-message");
    assert.equal((await i.waitFor("CAP")).params[1], "ACK");
    await i.send("CAP LIST");
    const list = await i.waitFor("CAP");
    assert.equal(list.params[1], "LIST");
    assert.deepEqual(text(list).split(" ").sort(), ["echo-message", "server-time"]);
    // Nothing is registered while negotiating.
    assert.equal(srv.server.actor.findUser("ada"), undefined);
    await i.send("CAP END");
    assert.equal((await i.waitFor("001")).params[0], "ada");
    // Without 302 the mechanism list is left out.
    const j = await srv.irc();
    await j.send("CAP LS");
    assert.ok(text(await j.waitFor("CAP")).split(" ").includes("sasl"));
  },
);

ircTest(
  "registration: a nick in use gets 433, and another nick on the same socket works",
  async (srv) => {
    await srv.user("alice");
    const i = await srv.irc();
    await i.send("NICK alice", "USER a 0 * :A");
    const taken = await i.waitFor("433");
    assert.equal(taken.params[1], "alice");
    await i.send("NICK alice_");
    assert.equal((await i.waitFor("001")).params[0], "alice_");
    assert.ok(srv.server.actor.findUser("alice_"));
  },
);

ircTest(
  "registration: a nick that is no Lichat name gets 432; escapes stand for the characters",
  async (srv) => {
    const i = await srv.irc();
    await i.send("NICK " + "x".repeat(33), "USER a 0 * :A");
    assert.equal((await i.waitFor("432")).params[1], "x".repeat(33));
    await i.send("NICK 50%");
    await i.waitFor("432");
    await i.send("NICK Ada%20Lovelace");
    assert.equal((await i.waitFor("001")).params[0], "Ada%20Lovelace");
    assert.ok(srv.server.actor.findUser("Ada Lovelace"));
  },
);

ircTest("registration: commands before it get 451; PING is answered", async (srv) => {
  const i = await srv.irc();
  await i.send("JOIN #x", "PING abc");
  assert.equal((await i.waitFor("451")).params[0], "*");
  assert.equal(text(await i.waitFor("PONG")), "abc");
});

ircTest(
  "registration: PASS logs in to a registered profile; a wrong one gets 464 and ERROR",
  async (srv) => {
    const a = await srv.user("ada");
    await a.send(`(register :id ${nextId()} :password "secret-pw")`);
    await a.expect("register");
    const bad = await srv.irc();
    await bad.send("PASS wrong-pw", "NICK ada", "USER a 0 * :A");
    await bad.waitFor("464");
    assert.match(text(await bad.waitFor("ERROR")), /password/);
    await bad.waitClosed();
    const good = await srv.ircUser("ada", { pass: "secret-pw" });
    assert.equal(good.nick, "ada");
    // Without a password the registered name is taken.
    const none = await srv.irc();
    await none.send("NICK ada", "USER a 0 * :A");
    assert.match(text(await none.waitFor("433")), /PASS or SASL/);
  },
);

ircTest(
  "registration: SASL PLAIN logs in as the account (900, 903), whatever the nick",
  async (srv) => {
    const a = await srv.user("ada");
    await a.send(`(register :id ${nextId()} :password "secret-pw")`);
    await a.expect("register");
    a.close();
    const i = await srv.irc();
    const after = await i.register("someone", { sasl: { account: "ada", password: "secret-pw" } });
    assert.equal(i.nick, "ada");
    assert.equal(after[0].command, "001");
    const logged = i.lines.find((l) => / 900 /.test(l))!;
    assert.match(logged, /:You are now logged in as ada$/);
  },
);

ircTest(
  "registration: a failed SASL gets 904 and may be tried again on the same socket",
  async (srv) => {
    const a = await srv.user("ada");
    await a.send(`(register :id ${nextId()} :password "secret-pw")`);
    await a.expect("register");
    a.close();
    const i = await srv.irc();
    await i.send("CAP LS 302", "NICK ada", "USER a 0 * :A", "CAP REQ sasl");
    await i.waitFor("CAP", (m) => m.params[1] === "ACK");
    const plain = (who: string, pw: string) => btoa(`\0${who}\0${pw}`);
    await i.send("AUTHENTICATE PLAIN");
    await i.waitFor("AUTHENTICATE");
    await i.send(`AUTHENTICATE ${plain("ada", "wrong-pw")}`);
    assert.match(text(await i.waitFor("904")), /password/);
    await i.send("AUTHENTICATE FOO");
    assert.equal((await i.waitFor("908")).params[1], "PLAIN");
    await i.send("AUTHENTICATE PLAIN");
    await i.waitFor("AUTHENTICATE");
    await i.send("AUTHENTICATE *");
    await i.waitFor("906");
    await i.send("AUTHENTICATE PLAIN");
    await i.waitFor("AUTHENTICATE");
    await i.send(`AUTHENTICATE ${plain("ada", "secret-pw")}`);
    await i.waitFor("903");
    await i.send("AUTHENTICATE PLAIN");
    await i.waitFor("907");
    await i.send("CAP END");
    assert.equal((await i.waitFor("001")).params[0], "ada");
  },
);

ircTest("registration: a banned name is told why and closed", async (srv) => {
  const root = await srv.admin("root");
  await srv.user("mallory");
  await root.send(`(shirakumo:ban :id ${nextId()} :target "mallory")`);
  await root.waitFor("shirakumo:ban");
  const i = await srv.irc();
  await i.send("NICK mallory", "USER m 0 * :M");
  assert.match(text(await i.waitFor("ERROR")), /banned/);
  await i.waitClosed();
}, { admins: ["root"] });

ircTest("registration: a banned address is closed at once", async (srv) => {
  const root = await srv.admin("root");
  await root.send(`(shirakumo:ip-ban :id ${nextId()} :ip "127.0.0.1")`);
  await root.expect("shirakumo:ip-ban");
  const i = await srv.irc();
  await i.waitFor("ERROR");
  await i.waitClosed();
}, { admins: ["root"] });

ircTest("registration: the handshake timeout closes a client that never registers", async (srv) => {
  const i = await srv.irc();
  await i.send("CAP LS 302");
  await i.waitFor("CAP");
  srv.clock.advance(11_000);
  await i.waitFor("ERROR");
  await i.waitClosed();
});
