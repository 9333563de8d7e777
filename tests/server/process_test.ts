/**
 * The server as a user runs it: `deno run --allow-net main.ts` with no other
 * permission (also in a terminal, where Deno would prompt for more), graceful
 * shutdown on SIGTERM and SIGINT, `--help`, and bad options.
 */
import assert from "node:assert/strict";
import { connectRetrying, deno, reap, serverArgs } from "../helpers/process.ts";
import { freePort } from "../helpers/server.ts";
import { OPTION_SPECS } from "../../server/options.ts";

const root = new URL("../../", import.meta.url);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  Deno.test({
    name: `deno run --allow-net main.ts serves, and ${signal} says disconnect and exits 0`,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const port = freePort();
      const child = deno([...serverArgs(port), "--name", "Proc"]).spawn();
      const c = await connectRetrying(port);
      try {
        const reply = await c.handshake("alice");
        assert.equal(reply.from, "alice");
        // The parser workers (blob URL) run under --allow-net alone.
        await c.send('(create :id 2 :channel "room")');
        assert.equal((await c.expect("join")).channel, "room");
        await c.send('(message :id 3 :channel "room" :text "hi")');
        assert.equal((await c.expect("message")).text, "hi");
        child.kill(signal);
        const bye = await c.waitFor("disconnect");
        assert.equal(bye.from, "Proc");
        await c.waitClosed();
        const status = await child.status;
        assert.equal(status.code, 0);
        assert.deepEqual(c.violations, [], "every update has an id and a clock");
      } finally {
        c.close();
        await reap(child);
      }
    },
  });
}

/** Can `script` (util-linux) give a child a terminal here? */
async function haveScript(): Promise<boolean> {
  try {
    const out = await new Deno.Command("script", {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    })
      .output();
    return out.success;
  } catch {
    return false;
  }
}

Deno.test({
  name: "in a terminal, deno run --allow-net main.ts starts without a permission prompt",
  ignore: !(await haveScript()),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    // A terminal is where Deno prompts for a missing permission, and a prompt
    // would keep the server from listening. No --name: its default needs no
    // permission either.
    const port = freePort();
    const command = [Deno.execPath(), "run", "--allow-net", "main.ts", ...serverArgs(port)]
      .map((a) => `'${a}'`).join(" ");
    const child = new Deno.Command("script", {
      args: ["-qec", `exec ${command}`, "/dev/null"],
      cwd: root,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).spawn();
    const c = await connectRetrying(port);
    try {
      const reply = await c.handshake("alice");
      assert.equal(reply.from, "alice");
      await c.send('(create :id 2 :channel "room")');
      assert.equal((await c.expect("join")).channel, "room");
    } finally {
      c.close();
      child.kill("SIGTERM");
      await child.stdin.close().catch(() => {});
      await reap(child);
    }
  },
});

Deno.test("--help lists every option and exits 0", async () => {
  const out = await deno(["--help"]).output();
  assert.equal(out.code, 0);
  const text = new TextDecoder().decode(out.stdout);
  for (const s of OPTION_SPECS) assert.ok(text.includes(`--${s.flag}`), s.flag);
});

for (
  const bad of [
    ["--port", "abc"],
    ["--bogus"],
    ["--port", "70000"],
    ["--log-level", "loud"],
    ["--flood-limit", "-1"],
  ]
) {
  Deno.test(`a bad command line (${bad.join(" ")}) is one line on stderr and exit 2`, async () => {
    const out = await deno(bad).output();
    assert.equal(out.code, 2);
    const err = new TextDecoder().decode(out.stderr).trim();
    assert.equal(err.split("\n").length, 1, err);
    assert.match(err, /^lichat: /);
    assert.equal(new TextDecoder().decode(out.stdout), "");
  });
}

Deno.test({
  name: "--database without file permissions: one clear line and exit 1; with them, it serves",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "lichat-db-" });
    const port = freePort();
    const denied = await deno([...serverArgs(port), "--database", `${dir}/l.db`]).output();
    assert.equal(denied.code, 1);
    const err = new TextDecoder().decode(denied.stderr).trim();
    assert.match(err, /^lichat: cannot start: .*--allow-read/);
    const child = deno(
      [...serverArgs(port), "--database", `${dir}/l.db`],
      [`--allow-read=${dir}`, `--allow-write=${dir}`],
    ).spawn();
    const c = await connectRetrying(port);
    try {
      await c.handshake("alice");
      await c.send('(register :id 2 :password "alice-pw")');
      await c.expect("register");
      child.kill("SIGTERM");
      assert.equal((await child.status).code, 0);
    } finally {
      c.close();
      await reap(child);
    }
    const files = [...Deno.readDirSync(dir)].map((e) => e.name);
    assert.deepEqual(files, ["l.db"], "closed cleanly: no journal left");
  },
});
