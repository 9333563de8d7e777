/** §5.2 register. */
import assert from "node:assert/strict";
import { serverTest } from "../helpers/server.ts";

serverTest("register: a short password is rejected", async (srv) => {
  const a = await srv.user("alice");
  await a.send('(register :id 1 :password "12345")');
  const f = await a.expect("registration-rejected");
  assert.equal(f["update-id"], 1);
  assert.equal(srv.server.actor.profiles.size, 0);
});

serverTest(
  "register: creates a hashed profile, replies with the update, and changes the password",
  async (srv) => {
    const a = await srv.user("alice");
    await a.send('(register :id 2 :password "first-pw")');
    const r = await a.expect("register");
    assert.equal(r.id, 2);
    assert.equal(r.from, "alice");
    const p = srv.server.actor.profiles.get("alice")!;
    assert.ok(p);
    assert.ok(!p.hash.includes("first-pw"));
    assert.match(p.hash, /^pbkdf2-sha256\$/);
    // Step 3: a second register changes the password.
    await a.send('(register :id 3 :password "second-pw")');
    await a.expect("register");
    const bad = await srv.client();
    await bad.send(
      '(connect :id 4 :version "2.0" :from "alice" :password "first-pw" :extensions ())',
    );
    await bad.expect("invalid-password");
    const good = await srv.client();
    assert.equal((await good.handshake("alice", "second-pw")).from, "alice");
  },
);

serverTest("register: the profile outlives the connection and shows in user-info", async (srv) => {
  const a = await srv.user("alice");
  await a.send('(register :id 5 :password "alice-pw")');
  await a.expect("register");
  a.close();
  const b = await srv.user("bob");
  for (let i = 0; i < 50 && srv.server.actor.findUser("alice"); i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  await b.send('(user-info :id 6 :target "alice")');
  const info = await b.waitFor("user-info");
  assert.equal(info.connections, 0);
  assert.equal((info.registered as { name: string }).name, "t");
});
