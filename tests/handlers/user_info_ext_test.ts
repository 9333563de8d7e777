/** shirakumo-user-info: registered users' real name, status, … in user-info replies. */
import assert from "node:assert/strict";
import { serverTest } from "../helpers/server.ts";
import { expectFailure } from "../helpers/failures.ts";

serverTest("set-user-info: registered users set keys; user-info shows them", async (srv) => {
  const a = await srv.user("alice");
  await a.send('(shirakumo:set-user-info :id 1 :key :status :text "away")');
  await expectFailure(a, "no-such-profile", 1);
  await a.send('(register :id 2 :password "alice-pw")');
  await a.expect("register");
  // A keyword, as the prose and lichat-js have it; a string, as the definitions do.
  await a.send('(shirakumo:set-user-info :id 3 :key :real-name :text "Alice A.")');
  assert.equal((await a.expect("shirakumo:set-user-info")).id, 3);
  await a.send('(shirakumo:set-user-info :id 4 :key "status" :text "away")');
  assert.equal((await a.expect("shirakumo:set-user-info")).id, 4);
  await a.send('(shirakumo:set-user-info :id 5 :key :shoe-size :text "42")');
  const nope = await a.expect("shirakumo:no-such-user-info");
  assert.equal(nope["update-id"], 5);
  assert.equal((nope.key as { name: string }).name, "shoe-size");
  const b = await srv.user("bob");
  await b.send('(user-info :id 6 :target "alice")');
  const info = await b.expect("user-info");
  assert.equal(info.registered !== undefined, true);
  assert.match(
    b.texts.at(-1)!,
    / shirakumo:info \(\(:real-name "Alice A\."\) \(:status "away"\)\)\)$/,
  );
  // Unregistered users have none.
  await a.send('(user-info :id 7 :target "bob")');
  const plain = await a.waitFor("user-info");
  assert.equal(plain["shirakumo:info"], undefined);
});

serverTest("user-info extension: announced in the connect reply", async (srv) => {
  const reply = await (await srv.client()).handshake("alice");
  assert.ok((reply.extensions as string[]).includes("shirakumo-user-info"));
});
