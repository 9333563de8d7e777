/**
 * `--admins`: rights only for a registered profile logged in with its
 * password; a warning at start for each admin name not registered.
 */
import assert from "node:assert/strict";
import { expectFailure } from "../helpers/failures.ts";
import { connectRetrying, deno, linesMatching, reap, serverArgs } from "../helpers/process.ts";
import { quiet, settle } from "../helpers/scene.ts";
import { eventually, freePort, serverTest, testOptions } from "../helpers/server.ts";
import { nameKey } from "../../protocol/mod.ts";
import { only } from "../../server/permissions.ts";
import { LichatServer } from "../../server/server.ts";
import { MemoryStore } from "../../server/state/store.ts";
import { RawClient } from "../helpers/raw.ts";

const ADMINS = { admins: ["root"] };

serverTest("an unregistered admin name gives whoever takes it no rights", async (srv) => {
  const intruder = await srv.user("root");
  const bob = await srv.user("bob");
  await settle([intruder, bob]);
  await intruder.send('(shirakumo:kill :id 1 :target "bob")');
  await expectFailure(intruder, "insufficient-permissions", 1);
  await intruder.send('(server-info :id 2 :target "bob" :attributes () :connections ())');
  await expectFailure(intruder, "insufficient-permissions", 2);
  // Registering the name mid-session proves nothing on this connection.
  await intruder.send('(register :id 3 :password "stolen")');
  await intruder.expect("register");
  await intruder.send('(shirakumo:kill :id 4 :target "bob")');
  await expectFailure(intruder, "insufficient-permissions", 4);
  await quiet(bob);
  assert.equal(bob.closed, false);
}, ADMINS);

serverTest("a registered admin without its password is refused the name", async (srv) => {
  (await srv.admin("root")).close();
  await eventually(() => !srv.server.actor.users.has("root"), "root gone");
  const c = await srv.client();
  await c.send('(connect :id 1 :version "2.0" :from "root" :extensions ())');
  await expectFailure(c, "username-taken", 1);
}, ADMINS);

serverTest("a registered admin logged in with its password has the rights", async (srv) => {
  const root = await srv.admin("root");
  const bob = await srv.user("bob");
  await settle([root, bob]);
  await root.send('(server-info :id 1 :target "bob" :attributes () :connections ())');
  assert.equal((await root.waitFor("server-info")).id, 1);
  await root.send('(shirakumo:kill :id 2 :target "bob")');
  await root.waitFor("shirakumo:kill");
  await bob.waitClosed();
}, ADMINS);

serverTest("not an admin: a registered user with a password, not listed", async (srv) => {
  const alice = await srv.admin("alice");
  await alice.send('(shirakumo:kill :id 1 :target "alice")');
  await expectFailure(alice, "insufficient-permissions", 1);
}, ADMINS);

Deno.test({
  name: "at start, one warning for each --admins name that is not registered",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "lichat-admins-" });
    const db = ["--database", `${dir}/l.db`];
    const perms = [`--allow-read=${dir}`, `--allow-write=${dir}`];
    const port = freePort();
    const first = deno([...serverArgs(port), ...db], perms).spawn();
    try {
      const c = await connectRetrying(port);
      await c.handshake("root");
      await c.send('(register :id 2 :password "root-pw")');
      await c.expect("register");
      c.close();
      first.kill("SIGTERM");
      assert.equal((await first.status).code, 0);
    } finally {
      await reap(first);
    }
    const second = deno([...serverArgs(port), ...db, "--admins", "root,ops"], perms).spawn();
    try {
      // The warnings come as the state loads, before the listeners say so.
      const { text } = await linesMatching(second.stderr, /Lichat server .* listening/, 1);
      const lines = text.split("\n").filter((l) => l.includes("--admins names"));
      assert.equal(lines.length, 1, text);
      assert.match(lines[0], /\[WRN\].*--admins names "?ops"?, which is not registered/);
    } finally {
      await reap(second);
    }
  },
});

Deno.test({
  name: "an admin's name stored in the primary channel's rules gives no rights without a password",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    // As a database written when --admins put the names into the rules.
    const options = testOptions({ admins: ["root"] });
    const store = new MemoryStore(nameKey);
    store.saveChannel({
      name: options.name,
      kind: "primary",
      registrant: options.name,
      permissions: [["shirakumo:kill", only(options.name, "root")]],
      createdOn: 1,
    });
    const server = await LichatServer.start(options, { store });
    const c = await RawClient.connect(server.tcpPort);
    try {
      await c.handshake("root");
      await c.send('(shirakumo:kill :id 1 :target "root")');
      await expectFailure(c, "insufficient-permissions", 1);
    } finally {
      c.close();
      await server.shutdown();
    }
  },
});
