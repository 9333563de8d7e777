/**
 * The terminal client driven as a person would, in a real pseudo-terminal,
 * against the real server, with other users in the same channel: talking,
 * typing while messages arrive, history, completion, colours.
 */
import assert from "node:assert/strict";
import { nameColour } from "../../client/mini/style.ts";
import { bobInLobby, mini, terminalTest } from "../helpers/mini.ts";
import { serverTest } from "../helpers/server.ts";

terminalTest(
  "lines are said, /join switches, what arrives is shown, /quit exits 0",
  async (srv) => {
    const bob = await bobInLobby(srv);
    const t = mini(srv, "alice");
    try {
      await t.see(/\*\* Connected to lichat:\/\/127\.0\.0\.1:\d+\/ as alice/);
      await t.prompt(/^\[-\] $/);
      await t.enter("/join lobby");
      await t.see(/Now talking in lobby/);
      await t.prompt(/^\[lobby\] $/);
      await bob.waitFor("join", (u) => u.from === "alice" && u.channel === "lobby");
      await t.enter("hello bob");
      const m = await bob.waitFor("message", (u) => u.channel === "lobby");
      assert.equal(m.text, "hello bob");
      await bob.send('(message :id 2 :channel "lobby" :text "hi alice")');
      await t.see(/^\d\d:\d\d <bob> hi alice$/m);
      await t.enter("/users");
      await t.see(/\*\* Users in lobby: (bob, alice|alice, bob)/);
      await t.enter("/frobnicate");
      await t.see(/Unknown command \/frobnicate/);
      await t.enter("/me waves");
      await t.see(/\/me is not in Lichat: Lichat has no action message/);
      await t.enter("/join nowhere");
      await t.see(/\*\* Error: no-such-channel/);
      await t.enter("/help");
      await t.see(/\/msg U \[TEXT\]/);
      await t.see(/Not in Lichat:\n {2}\/me/);
      await t.enter("/quit");
      assert.equal(await t.exit(), 0);
      await bob.waitFor("leave", (u) => u.from === "alice");
    } finally {
      t.kill();
    }
  },
);

terminalTest("Ctrl-D disconnects and exits 0", async (srv) => {
  const bob = await srv.user("bob");
  const t = mini(srv, "carol");
  try {
    await t.see(/Connected/);
    await t.type("\x04");
    assert.equal(await t.exit(), 0);
    await bob.waitFor("leave", (u) => u.from === "carol");
  } finally {
    t.kill();
  }
});

terminalTest("typing while messages arrive leaves the line being typed intact", async (srv) => {
  const bob = await bobInLobby(srv);
  const t = mini(srv, "alice");
  try {
    await t.see(/Connected/);
    await t.enter("/join lobby");
    await t.prompt(/^\[lobby\] $/);
    await t.type("I am typing a long senten");
    await t.prompt(/senten$/);
    for (let i = 1; i <= 3; i++) {
      await bob.send(`(message :id ${10 + i} :channel "lobby" :text "interrupting you ${i}")`);
    }
    await t.see(/interrupting you 3/);
    const lines = await t.lines();
    // Each message on a line of its own, the prompt below them with the typing intact.
    for (let i = 1; i <= 3; i++) {
      assert.ok(
        lines.some((l) => /^\d\d:\d\d <bob> interrupting you \d$/.test(l)),
        lines.join("\n"),
      );
    }
    assert.ok(!lines.some((l) => /senten.*interrupting|interrupting.*senten/.test(l)));
    assert.equal(await t.cursorLine(), "[lobby] I am typing a long senten");
    await t.type("ce\r");
    const m = await bob.waitFor("message", (u) => u.from === "alice");
    assert.equal(m.text, "I am typing a long sentence");
    await t.enter("/quit");
    assert.equal(await t.exit(), 0);
  } finally {
    t.kill();
  }
});

terminalTest("history (kept per user) and Tab completion", async (srv) => {
  const bob = await bobInLobby(srv);
  const t = mini(srv, "alice");
  try {
    await t.see(/Connected/);
    // Tab: a command, then a channel name.
    await t.type("/jo\t");
    await t.prompt(/^\[-\] \/join $/);
    await t.type("lo\t");
    await t.prompt(/^\[-\] \/join lobby$/);
    await t.type("\r");
    await t.prompt(/^\[lobby\] $/);
    await t.enter("/users");
    await t.see(/Users in lobby/);
    // A member's name at the start of a line.
    await t.type("bo\t");
    await t.prompt(/^\[lobby\] bob: $/);
    await t.type("first line\r");
    assert.equal((await bob.waitFor("message", (u) => u.from === "alice")).text, "bob: first line");
    // Up brings back earlier lines; no escape sequence is shown.
    await t.type("\x1b[A");
    await t.prompt(/^\[lobby\] bob: first line$/);
    await t.type("\x1b[A");
    await t.prompt(/^\[lobby\] \/users$/);
    await t.type("\x1b[B\x1b[B");
    await t.prompt(/^\[lobby\] $/);
    assert.ok(!(await t.text()).includes("^[["));
    await t.enter("/quit");
    assert.equal(await t.exit(), 0);
    const saved = await Deno.readTextFile(`${t.home}/.config/lichat/history-alice`);
    assert.deepEqual(saved.trim().split("\n"), [
      "/join lobby",
      "/users",
      "bob: first line",
      "/quit",
    ]);
    // A new session of the same user gets it back.
    const again = mini(srv, "alice", { home: t.home });
    try {
      await again.see(/Connected/);
      await again.type("\x1b[A\x1b[A");
      await again.prompt(/^\[-\] bob: first line$/);
      await again.type("\x15/quit\r");
      assert.equal(await again.exit(), 0);
    } finally {
      again.kill();
    }
  } finally {
    t.kill();
  }
});

terminalTest(
  "colours: a stable colour per name, dim notices, mentions; none with NO_COLOR",
  async (srv) => {
    const bob = await bobInLobby(srv);
    const t = mini(srv, "alice", { colour: true });
    const plain = mini(srv, "dave");
    try {
      await t.see(/Connected/);
      await plain.see(/Connected/);
      await t.enter("/join lobby");
      await plain.enter("/join lobby");
      await t.prompt(/^\[lobby\] $/);
      await plain.prompt(/^\[lobby\] $/);
      await bob.send('(message :id 5 :channel "lobby" :text "hey alice, look")');
      await t.see(/<bob> hey alice, look/);
      await plain.see(/<bob> hey alice, look/);
      assert.ok(t.raw.includes(`<\x1b[${nameColour("bob")}mbob\x1b[39m>`), JSON.stringify(t.raw));
      assert.ok(t.raw.includes("\x1b[7malice\x1b[27m"), "the mention is highlighted");
      assert.ok(t.raw.includes("\x1b[2m** Now talking in lobby"), "notices are dim");
      assert.equal(nameColour("Bob"), nameColour("bob"));
      assert.doesNotMatch(plain.raw, new RegExp("\x1b\\[[0-9;]*m"), "no colour with NO_COLOR");
      await t.enter("/quit");
      await plain.enter("/quit");
      assert.equal(await t.exit(), 0);
      assert.equal(await plain.exit(), 0);
    } finally {
      t.kill();
      plain.kill();
    }
  },
);

serverTest(
  "mini client: with output that is no terminal, plain lines and no colour",
  async (srv) => {
    const bob = await bobInLobby(srv);
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-net",
        "client/mini.ts",
        "--username",
        "erin",
        "--host",
        "127.0.0.1",
        "--port",
        String(srv.port),
      ],
      cwd: new URL("../../", import.meta.url),
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
      env: { TERM: "xterm-256color" },
    }).spawn();
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode("/join lobby\nhello from a pipe\n"));
    assert.equal(
      (await bob.waitFor("message", (u) => u.from === "erin")).text,
      "hello from a pipe",
    );
    await w.write(new TextEncoder().encode("/quit\n"));
    await w.close();
    const out = await child.output();
    const text = new TextDecoder().decode(out.stdout);
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    assert.match(text, /\*\* Now talking in lobby\n/);
    assert.ok(!text.includes("\x1b"), "no escape sequences");
  },
);
