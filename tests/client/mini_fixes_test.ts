/**
 * The terminal client's former oddities, each fixed and driven here in a
 * pseudo-terminal against the real server: passwords (prompt without echo,
 * never in argv, never on screen or in history), `/create` of an existing
 * channel, `/leave` of the current one, login errors shown once, and `/quit`
 * after a flood.
 */
import assert from "node:assert/strict";
import { bobInLobby, mini, terminalTest } from "../helpers/mini.ts";

terminalTest("the password prompt does not echo; --password takes no value", async (srv) => {
  const reg = await srv.user("alice");
  await reg.send('(register :id 2 :password "hunter22")');
  await reg.waitFor("register", (u) => u.id === 2);
  reg.close();
  const t = mini(srv, "alice", {}, ["--password"]);
  try {
    await t.see(/Password: $/);
    await t.enter("hunter22");
    await t.see(/Connected to .* as alice/);
    assert.ok(!t.raw.includes("hunter22"), "the password is never shown");
    await t.enter("/quit");
    assert.equal(await t.exit(), 0);
  } finally {
    t.kill();
  }
  const argv = mini(srv, "alice", {}, ["--password", "hunter22"]);
  try {
    await argv.see(/--password takes no value: it asks for the password, or set LICHAT_PASSWORD/);
    assert.equal(await argv.exit(), 2);
  } finally {
    argv.kill();
  }
});

terminalTest("a login error is shown once and exits 1", async (srv) => {
  const reg = await srv.user("alice");
  await reg.send('(register :id 2 :password "hunter22")');
  await reg.waitFor("register", (u) => u.id === 2);
  const t = mini(srv, "alice", { env: { LICHAT_PASSWORD: "wrong-one" } });
  try {
    assert.equal(await t.exit(), 1);
    const text = await t.text();
    assert.equal(text.match(/invalid-password/g)?.length, 1, text);
    assert.match(text, /^mini: invalid-password: /m);
  } finally {
    t.kill();
  }
});

terminalTest("/register hides the password: not on screen, not in history", async (srv) => {
  const t = mini(srv, "alice");
  try {
    await t.see(/Connected/);
    await t.enter("/register hunter22");
    await t.see(/Registered/);
    await t.see(/^\[-\] \/register \*{8}$/m);
    assert.ok(!(await t.text()).includes("hunter22"), await t.text());
    await t.type("\x1b[A");
    await t.prompt(/^\[-\] $/); // nothing to recall
    // Asked for, with echo off.
    await t.enter("/register");
    await t.see(/New password: $/);
    await t.enter("another-pw");
    await t.see(/Once more: $/);
    await t.enter("another-pw");
    await t.see(/Registered.*\n(.*\n)*.*Registered/);
    assert.ok(!(await t.text()).includes("another-pw"));
    await t.enter("/quit");
    assert.equal(await t.exit(), 0);
    const history = await Deno.readTextFile(`${t.home}/.config/lichat/history-alice`);
    assert.ok(!history.includes("hunter22") && !history.includes("another-pw"), history);
  } finally {
    t.kill();
  }
});

terminalTest("/create of an existing channel joins it instead", async (srv) => {
  const bob = await bobInLobby(srv);
  const t = mini(srv, "alice");
  try {
    await t.see(/Connected/);
    await t.enter("/create lobby");
    await t.see(/lobby exists already; joining it/);
    await t.prompt(/^\[lobby\] $/);
    await t.enter("made it");
    assert.equal((await bob.waitFor("message", (u) => u.from === "alice")).text, "made it");
    await t.enter("/quit");
    assert.equal(await t.exit(), 0);
  } finally {
    t.kill();
  }
});

terminalTest("/leave of the current channel says so and sends nothing elsewhere", async (srv) => {
  const bob = await bobInLobby(srv);
  await bob.send('(create :id 2 :channel "other")');
  await bob.waitFor("join", (u) => u.id === 2);
  const t = mini(srv, "alice");
  try {
    await t.see(/Connected/);
    await t.enter("/join other");
    await t.enter("/join lobby");
    await t.prompt(/^\[lobby\] $/);
    await t.enter("/leave");
    await t.see(/You are in no channel now; \/switch to one of other\./);
    await t.prompt(/^\[-\] $/);
    await t.enter("where does this go");
    await t.see(/You are in no channel; \/join one first/);
    await t.enter("/switch other");
    await t.enter("here");
    const m = await bob.waitFor("message", (u) => u.from === "alice");
    assert.deepEqual([m.channel, m.text], ["other", "here"]);
    await t.enter("/quit");
    assert.equal(await t.exit(), 0);
  } finally {
    t.kill();
  }
});

terminalTest("after a flood error, /quit exits at once", async (srv) => {
  await bobInLobby(srv);
  const t = mini(srv, "alice");
  try {
    await t.see(/Connected/);
    await t.enter("/join lobby");
    await t.prompt(/^\[lobby\] $/);
    // Past --flood-limit (8, with the client's own requests), short of twice it,
    // which would close the connection.
    for (let i = 0; i < 8; i++) await t.enter(`flood ${i}`);
    await t.see(/Error: too-many-updates/);
    // Dropped by the server: this waits for a reply that never comes.
    await t.enter("/users");
    await t.enter("/quit");
    // Well before the 10 s a request waits.
    assert.equal(await t.exit(4000), 0);
  } finally {
    t.kill();
  }
}, { floodLimit: 8, floodFrame: 60 });
