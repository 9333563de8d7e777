/**
 * One server per database file, with two real processes: the second exits
 * with one line naming the file; the lock goes with a killed process; the
 * database and its companions are made with mode 0600.
 */
import assert from "node:assert/strict";
import { connectRetrying, deno, lineMatching, reap, serverArgs } from "../helpers/process.ts";
import { freePort } from "../helpers/server.ts";

function permissions(dir: string): string[] {
  return [`--allow-read=${dir}`, `--allow-write=${dir}`];
}

Deno.test({
  name: "a second server on the same --database exits 1 with one line naming the file",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "lichat-lock-" });
    const db = `${dir}/chat.db`;
    const port = freePort();
    const first = deno([...serverArgs(port), "--database", db], permissions(dir)).spawn();
    const c = await connectRetrying(port);
    try {
      await c.handshake("alice");
      await c.send('(register :id 2 :password "alice-pw")');
      await c.expect("register");
      const second = await deno([...serverArgs(freePort()), "--database", db], permissions(dir))
        .output();
      assert.equal(second.code, 1);
      const err = new TextDecoder().decode(second.stderr).trim();
      assert.equal(err.split("\n").length, 1, err);
      assert.match(
        err,
        /^lichat: cannot start: the database .*chat\.db is in use by another server/,
      );
      assert.ok(err.includes(db), err);
      // The first server goes on as if nothing happened.
      await c.send('(create :id 3 :channel "room")');
      assert.equal((await c.expect("join")).channel, "room");
      for (const name of ["chat.db", "chat.db-wal", "chat.db.lock"]) {
        assert.equal(Deno.statSync(`${dir}/${name}`).mode! & 0o777, 0o600, name);
      }
      // Killed outright, the first lets go of the lock: a new server starts.
      first.kill("SIGKILL");
      await first.status;
      const port3 = freePort();
      const third = deno([...serverArgs(port3), "--database", db], permissions(dir)).spawn();
      try {
        const d = await connectRetrying(port3);
        const reply = await d.handshake("alice", "alice-pw");
        assert.equal(reply.type, "connect");
        d.close();
      } finally {
        await reap(third);
      }
    } finally {
      c.close();
      await reap(first);
    }
  },
});

Deno.test({
  name: "an existing database readable by others gets a warning at start",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "lichat-lock-" });
    const db = `${dir}/open.db`;
    Deno.writeFileSync(db, new Uint8Array());
    Deno.chmodSync(db, 0o644);
    const port = freePort();
    const child = deno([...serverArgs(port), "--database", db], permissions(dir)).spawn();
    try {
      const line = await lineMatching(child.stderr, /has mode "?644/);
      assert.match(line, /open\.db"? has mode "?644"?: others may read its password hashes/);
      assert.equal(Deno.statSync(db).mode! & 0o777, 0o644, "the operator's mode is left alone");
    } finally {
      await reap(child);
    }
  },
});
