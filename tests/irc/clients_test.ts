/**
 * Real IRC clients (irssi, WeeChat) and a Lichat user chatting both ways:
 * join, messages, topic, private messages, kick, part and quit. Each test
 * skips, saying why, when its client is not installed (`.ci/run` installs
 * them from Debian where it can).
 */
import assert from "node:assert/strict";
import { nextId, type RawClient } from "../helpers/raw.ts";
import { type TestServer, withServer } from "../helpers/server.ts";
import { installed, type RealClient, seen, startIrssi, startWeechat } from "./real_clients.ts";

const HAVE_IRSSI = await installed("irssi") && await installed("tmux");
const HAVE_WEECHAT = await installed("weechat-headless");
if (!HAVE_IRSSI) console.warn("irssi or tmux is not installed: the irssi tests are skipped.");
if (!HAVE_WEECHAT) {
  console.warn("weechat-headless is not installed: the WeeChat tests are skipped.");
}

const WAIT = 20_000;

async function say(a: RawClient, channel: string, text: string): Promise<void> {
  await a.send(`(message :id ${nextId()} :channel "${channel}" :text "${text}")`);
}

function chat(
  client: string,
  start: (port: number, nick: string) => Promise<RealClient>,
  nick: string,
  ignore: boolean,
): void {
  Deno.test({
    name: `${client} and a Lichat user: join, messages, topic, private messages, kick, part`,
    ignore,
    sanitizeOps: false,
    sanitizeResources: false,
    fn: () => withServer({ ircPort: -1 }, (srv) => scene(srv, client, start, nick)),
  });
}

async function scene(
  srv: TestServer,
  client: string,
  start: (port: number, nick: string) => Promise<RealClient>,
  nick: string,
): Promise<void> {
  const a = await srv.user("alice");
  await a.send(`(create :id ${nextId()} :channel "tea")`);
  await a.waitFor("join", (u) => u.channel === "tea");
  await a.send(
    `(shirakumo:set-channel-info :id ${nextId()} :channel "tea" :key :topic :text "Oolong")`,
  );
  await a.waitFor("shirakumo:set-channel-info");
  const c = await start(srv.server.ircPort!, nick);
  try {
    // Registered: Lichat sees the user arrive.
    await a.waitFor("join", (u) => u.from === nick, WAIT);
    await c.command("/join #tea");
    await a.waitFor("join", (u) => u.from === nick && u.channel === "tea", WAIT);
    await seen(c, "#tea", /Oolong/);

    await say(a, "tea", "hello from lichat");
    await seen(c, "#tea", /alice.*hello from lichat/);
    await c.command(`/msg #tea hello from ${client}`);
    const m = await a.waitFor("message", (u) => u.from === nick, WAIT);
    assert.deepEqual([m.channel, m.text], ["tea", `hello from ${client}`]);

    await a.send(
      `(shirakumo:set-channel-info :id ${nextId()} :channel "tea" :key :topic :text "Sencha")`,
    );
    await seen(c, "#tea", /alice.*Sencha/);

    // Private messages: an anonymous channel on the Lichat side, a query on IRC.
    await c.command("/msg alice psst");
    const p = await a.waitFor("message", (u) => u.from === nick && u.text === "psst", WAIT);
    assert.ok(String(p.channel).startsWith("@"));
    await say(a, String(p.channel), "pssst back");
    await seen(c, "alice", /pssst back/);

    // A channel of the IRC user's own: topic and kick from IRC.
    await c.command("/join #den");
    await seen(c, "#den", new RegExp(`${nick}.*joined`));
    await a.send(`(join :id ${nextId()} :channel "den")`);
    await a.waitFor("join", (u) => u.from === "alice" && u.channel === "den", WAIT);
    await seen(c, "#den", /alice/);
    await c.command("/topic #den Our den");
    const t = await a.waitFor("shirakumo:set-channel-info", (u) => u.channel === "den", WAIT);
    assert.deepEqual([t.from, t.text], [nick, "Our den"]);
    await c.command("/kick #den alice");
    const k = await a.waitFor("kick", (u) => u.channel === "den", WAIT);
    assert.deepEqual([k.from, k.target], [nick, "alice"]);
    await a.send(`(join :id ${nextId()} :channel "den")`);
    await a.waitFor("join", (u) => u.from === "alice" && u.channel === "den", WAIT);
    await c.command("/part #den");
    await a.waitFor("leave", (u) => u.from === nick && u.channel === "den", WAIT);

    // Kicked by the Lichat user from hers.
    await a.send(`(kick :id ${nextId()} :channel "tea" :target "${nick}")`);
    await seen(c, "#tea", /kicked/i);
    await c.command("/quit");
    await a.waitFor("leave", (u) => u.from === nick, WAIT);
  } finally {
    await c.stop();
  }
}

chat("irssi", startIrssi, "bob", !HAVE_IRSSI);
chat("weechat", startWeechat, "carol", !HAVE_WEECHAT);
