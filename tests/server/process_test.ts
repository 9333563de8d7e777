/**
 * The server as a user runs it: `deno run --allow-net main.ts` with no other
 * permission, graceful shutdown on SIGTERM, `--help`, and bad options.
 */
import assert from "node:assert/strict";
import { RawClient } from "../helpers/raw.ts";
import { freePort } from "../helpers/server.ts";
import { OPTION_SPECS } from "../../server/options.ts";

const root = new URL("../../", import.meta.url);

function deno(args: string[]) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", "main.ts", ...args],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  });
}

async function connectRetrying(port: number): Promise<RawClient> {
  for (let i = 0; i < 100; i++) {
    try {
      return await RawClient.connect(port);
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error("the server did not listen");
}

Deno.test({
  name: "deno run --allow-net main.ts serves, and SIGTERM says disconnect and exits 0",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const port = freePort();
    const child = deno([
      "--port",
      String(port),
      "--hostname",
      "127.0.0.1",
      "--ws-port",
      "0",
      "--name",
      "Proc",
    ])
      .spawn();
    const c = await connectRetrying(port);
    try {
      const reply = await c.handshake("alice");
      assert.equal(reply.from, "alice");
      // The parser workers run under --allow-net alone.
      await c.send('(create :id 2 :channel "room")');
      assert.equal((await c.expect("join")).channel, "room");
      child.kill("SIGTERM");
      await c.waitFor("disconnect");
      await c.waitClosed();
      const status = await child.status;
      assert.equal(status.code, 0);
    } finally {
      c.close();
      try {
        child.kill("SIGKILL");
      } catch {
        // Exited already.
      }
      await child.stdout.cancel();
      await child.stderr.cancel();
    }
  },
});

Deno.test("--help lists every option and exits 0", async () => {
  const out = await deno(["--help"]).output();
  assert.equal(out.code, 0);
  const text = new TextDecoder().decode(out.stdout);
  for (const s of OPTION_SPECS) assert.ok(text.includes(`--${s.flag}`), s.flag);
});

for (const bad of [["--port", "abc"], ["--bogus"], ["--port", "70000"], ["--log-level", "loud"]]) {
  Deno.test(`a bad command line (${bad.join(" ")}) is one line on stderr and exit 2`, async () => {
    const out = await deno(bad).output();
    assert.equal(out.code, 2);
    const err = new TextDecoder().decode(out.stderr).trim();
    assert.equal(err.split("\n").length, 1, err);
    assert.match(err, /^lichat: /);
  });
}
