/** §2.3 and §2.4: unused profiles and empty channels expire; the primary never does. */
import assert from "node:assert/strict";
import { serverTest } from "../helpers/server.ts";

const DAY = 24 * 60 * 60 * 1000;

serverTest(
  "empty regular channels and unused profiles expire after their lifetimes",
  async (srv) => {
    const actor = srv.server.actor;
    const a = await srv.user("alice");
    await a.send('(register :id 1 :password "alice-pw")');
    await a.expect("register");
    await a.send('(create :id 2 :channel "keep")');
    await a.expect("join");
    await a.send('(create :id 3 :channel "gone")');
    await a.expect("join");
    await a.send('(leave :id 4 :channel "gone")');
    await a.waitFor("leave");
    srv.clock.advance(2 * DAY);
    assert.ok(actor.findChannel("gone"), "kept within its lifetime");
    // Alice is silent all that time, but for the pings (see the options).
    srv.clock.advance(2 * DAY);
    assert.equal(actor.findChannel("gone"), undefined);
    assert.ok(actor.findChannel("keep"), "inhabited channels stay");
    assert.ok(actor.primary === actor.findChannel("TestServer"));
    assert.ok(actor.profiles.has("alice"), "profiles of live users stay");
    a.close();
    for (let i = 0; i < 50 && actor.findUser("alice"); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    srv.clock.advance(29 * DAY);
    assert.ok(actor.profiles.has("alice"), "kept within its lifetime");
    assert.equal(actor.findChannel("keep"), undefined, "empty now, and past its lifetime");
    srv.clock.advance(2 * DAY);
    assert.equal(actor.profiles.has("alice"), false);
    assert.ok(actor.findChannel("TestServer"), "the primary channel never expires");
  },
  { channelLifetime: 3, profileLifetime: 30, idleTimeout: 1000000, pingInterval: 999999 },
);
