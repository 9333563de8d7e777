/**
 * `deno compile` builds one binary that serves Lichat. Compiling downloads a
 * runtime, which may be unreachable (as on the development machines); then the
 * test is skipped with a message, never failed.
 */
import assert from "node:assert/strict";
import { freePort } from "./helpers/server.ts";
import { RawClient } from "./helpers/raw.ts";

Deno.test({
  name:
    "deno compile produces a working server binary (skipped when the runtime cannot be downloaded)",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const dir = await Deno.makeTempDir();
    const out = `${dir}/lichat-server`;
    const root = new URL("../", import.meta.url);
    const result = await new Deno.Command(Deno.execPath(), {
      args: ["compile", "--allow-net", "--output", out, "main.ts"],
      cwd: root,
      stdout: "piped",
      stderr: "piped",
      env: { DENO_NO_UPDATE_CHECK: "1" },
    }).output();
    if (!result.success) {
      const err = new TextDecoder().decode(result.stderr);
      if (/download|fetch|dns|network|connect|resolve|error sending request/i.test(err)) {
        console.warn(
          "SKIPPED: deno compile could not download its runtime here:\n  " +
            (err.split("\n").find((l) => /error sending request|dns|download/i.test(l)) ?? "")
              .trim(),
        );
        await Deno.remove(dir, { recursive: true });
        return;
      }
      assert.fail("deno compile failed:\n" + err);
    }
    await t.step("the binary serves a handshake", async () => {
      const port = freePort();
      const child = new Deno.Command(out, {
        args: [
          "--port",
          String(port),
          "--ws-port",
          "0",
          "--hostname",
          "127.0.0.1",
          "--name",
          "Bin",
        ],
        stdout: "null",
        stderr: "null",
      }).spawn();
      try {
        let c: RawClient | undefined;
        for (let i = 0; i < 50 && !c; i++) {
          try {
            c = await RawClient.connect(port);
          } catch {
            await new Promise((r) => setTimeout(r, 100));
          }
        }
        assert.ok(c, "the compiled server did not listen");
        const reply = await c.handshake("alice");
        assert.equal(reply.from, "alice");
        c.close();
      } finally {
        child.kill("SIGTERM");
        await child.status;
        await Deno.remove(dir, { recursive: true });
      }
    });
  },
});
