/** shirakumo-ip: address bans by admins; banned connections are dropped on sight. */
import assert from "node:assert/strict";
import { formatIp, parseIp, parseMask, sameUnder } from "../../server/ip.ts";
import { settle } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";
import { expectFailure } from "../helpers/failures.ts";

serverTest("ip-ban: drops the address's connections and refuses new ones", async (srv) => {
  const root = await srv.admin("root");
  const a = await srv.user("alice");
  await settle([root, a]);
  await a.send('(shirakumo:ip-ban :id 1 :ip "127.0.0.1")');
  await expectFailure(a, "insufficient-permissions", 1);
  await root.send('(shirakumo:ip-ban :id 2 :ip "no.such.ip")');
  await expectFailure(root, "shirakumo:bad-ip-format", 2);
  // The tests all come from 127.0.0.1: the sender itself is spared.
  await root.send('(shirakumo:ip-ban :id 3 :ip "127.0.0.1")');
  assert.equal((await root.waitFor("shirakumo:ip-ban")).id, 3);
  await a.waitClosed();
  const late = await srv.client();
  await late.waitClosed();
  assert.deepEqual(late.pending, [], "dropped without a word");
  await root.send("(shirakumo:ip-blacklist :id 4)");
  assert.deepEqual((await root.expect("shirakumo:ip-blacklist")).target, [[
    "::ffff:127.0.0.1",
    "::",
  ]]);
  await root.send('(shirakumo:ip-unban :id 5 :ip "127.0.0.1")');
  await root.expect("shirakumo:ip-unban");
  const back = await srv.user("bob");
  assert.equal(back.name, "bob");
}, { admins: ["root"] });

serverTest("ip-ban: a wider ban replaces the narrower ones it covers", async (srv) => {
  const root = await srv.admin("root");
  const list = async (id: number) => {
    await root.send(`(shirakumo:ip-blacklist :id ${id})`);
    return (await root.waitFor("shirakumo:ip-blacklist")).target;
  };
  await root.send('(shirakumo:ip-ban :id 1 :ip "10.0.0.1")');
  await root.send('(shirakumo:ip-ban :id 2 :ip "10.0.0.0" :mask "0.0.0.255")');
  await root.send('(shirakumo:ip-ban :id 3 :ip "10.0.0.7")');
  assert.deepEqual(await list(4), [["::ffff:10.0.0.0", "::ff"]]);
  await root.send('(shirakumo:ip-unban :id 5 :ip "10.0.0.0" :mask "0.0.255.255")');
  assert.deepEqual(await list(6), []);
  await root.send('(server-info :id 7 :target "root" :attributes () :connections ())');
  const info = await root.waitFor("server-info");
  assert.match(root.texts.at(-1)!, /\(shirakumo:ip "::ffff:127\.0\.0\.1"\)/);
  assert.equal(info.id, 7);
  const reply = await (await srv.client()).handshake("bob");
  assert.ok((reply.extensions as string[]).includes("shirakumo-ip"));
}, { admins: ["root"] });

Deno.test("ip: addresses and masks as numbers, IPv4 mapped", () => {
  assert.equal(formatIp(parseIp("192.168.1.2")!), "::ffff:192.168.1.2");
  assert.equal(formatIp(parseIp("2001:DB8:0:0::1")!), "2001:db8::1");
  for (const bad of ["1.2.3.256", "1.2.3", "2001:db8:::1", "host", ""]) {
    assert.equal(parseIp(bad), undefined, bad);
  }
  const m = parseMask("0.0.0.255")!;
  assert.ok(sameUnder(parseIp("10.0.0.5")!, parseIp("10.0.0.200")!, m));
  assert.ok(!sameUnder(parseIp("10.0.1.5")!, parseIp("10.0.0.5")!, m));
  assert.ok(!sameUnder(parseIp("::1")!, parseIp("::2")!, 0n));
});
