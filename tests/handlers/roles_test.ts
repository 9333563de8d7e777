/** shirakumo-roles: named grants and denials per channel, with members. */
import assert from "node:assert/strict";
import { received, room } from "../helpers/scene.ts";
import { expectFailure } from "../helpers/failures.ts";
import { serverTest } from "../helpers/server.ts";

serverTest("roles: the defaults, assigning, custom roles that deny, and deleting", async (srv) => {
  const [a, b, c] = await room(srv, "room", "alice", "bob", "carol");
  await a.send('(shirakumo:roles :id 1 :channel "room")');
  assert.deepEqual((await a.expect("shirakumo:roles"))["shirakumo:roles"], ["admin", "moderator"]);
  await a.send('(shirakumo:role :id 2 :channel "room" shirakumo:role "moderator")');
  const mod = await a.expect("shirakumo:role");
  assert.match(a.texts.at(-1)!, /:permissions \(\(kick t\) \(pull t\)/);
  assert.equal(mod.id, 2);
  // A moderator may kick, which the rules keep for the registrant.
  await b.send('(kick :id 3 :channel "room" :target "carol")');
  await expectFailure(b, "insufficient-permissions", 3);
  await b.send(
    '(shirakumo:assign-role :id 4 :channel "room" shirakumo:role "moderator" :target "alice")',
  );
  assert.equal((await b.expect("insufficient-permissions"))["update-id"], 4, "registrant only");
  await a.send(
    '(shirakumo:assign-role :id 5 :channel "room" shirakumo:role "Moderator" :target "bob")',
  );
  assert.equal((await a.expect("shirakumo:assign-role")).id, 5);
  await a.send('(shirakumo:roles :id 6 :channel "room" :target "bob")');
  assert.deepEqual((await a.expect("shirakumo:roles"))["shirakumo:roles"], ["moderator"]);
  await b.send('(kick :id 7 :channel "room" :target "carol")');
  assert.equal((await c.waitFor("kick")).target, "carol");
  await c.send('(join :id 8 :channel "room")');
  await c.waitFor("join", (u) => u.from === "carol" && u.channel === "room");
  // A role that denies: its members may not speak.
  await a.send(
    '(shirakumo:role :id 9 :channel "room" shirakumo:role "muted" :permissions ((message nil)))',
  );
  await a.waitFor("shirakumo:role");
  await a.send(
    '(shirakumo:assign-role :id 10 :channel "room" shirakumo:role "muted" :target "carol")',
  );
  await a.waitFor("shirakumo:assign-role");
  await c.send('(message :id 11 :channel "room" :text "hi")');
  assert.equal((await c.waitFor("insufficient-permissions"))["update-id"], 11);
  await a.send('(shirakumo:delete-role :id 12 :channel "room" shirakumo:role "muted")');
  await a.waitFor("shirakumo:delete-role");
  await received(b);
  await c.send('(message :id 13 :channel "room" :text "back")');
  assert.equal((await b.waitFor("message", (u) => u.id === 13)).text, "back");
  await a.send('(shirakumo:delete-role :id 14 :channel "room" shirakumo:role "muted")');
  assert.equal((await a.waitFor("shirakumo:no-such-role")).id, 14);
  const reply = await (await srv.client()).handshake("dave");
  assert.ok((reply.extensions as string[]).includes("shirakumo-roles"));
});

serverTest("roles: remove-role takes a member out; role updates need membership", async (srv) => {
  const [a, b] = await room(srv, "room", "alice", "bob", "carol");
  await a.send(
    '(shirakumo:assign-role :id 1 :channel "room" shirakumo:role "moderator" :target "bob")',
  );
  await a.expect("shirakumo:assign-role");
  await a.send(
    '(shirakumo:remove-role :id 2 :channel "room" shirakumo:role "moderator" :target "bob")',
  );
  assert.equal((await a.expect("shirakumo:remove-role")).id, 2);
  await b.send('(kick :id 3 :channel "room" :target "carol")');
  await expectFailure(b, "insufficient-permissions", 3);
  await a.send(
    '(shirakumo:remove-role :id 4 :channel "room" shirakumo:role "nosuch" :target "bob")',
  );
  assert.equal((await a.expect("shirakumo:no-such-role")).id, 4);
  // A registrant who left the channel is refused first for not being in it (step 1).
  await a.send('(leave :id 5 :channel "room")');
  await a.waitFor("leave");
  await a.send('(shirakumo:roles :id 6 :channel "room")');
  await expectFailure(a, "not-in-channel", 6);
  await a.send('(shirakumo:role :id 7 :channel "room" shirakumo:role "moderator")');
  await expectFailure(a, "not-in-channel", 7);
});
