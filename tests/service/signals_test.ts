/**
 * Signals, as a service manager sends them: the README's start command
 * leaves nothing behind on SIGTERM or SIGINT, a second SIGTERM during the
 * shutdown exits at once, and SIGHUP reloads the configuration without
 * dropping a connection.
 */
import assert from "node:assert/strict";
import { nextId } from "../helpers/raw.ts";
import { freePort } from "../helpers/server.ts";
import {
  connectRetrying,
  listening,
  loopbackArgs,
  processesWith,
  ROOT,
  Served,
} from "../helpers/service.ts";

/** The server command of the README's first line, after `npm install &&`. */
async function readmeCommand(): Promise<string[]> {
  const readme = await Deno.readTextFile(new URL("README.md", ROOT));
  const first = readme.split("\n").find((l) => l.startsWith("npm install && "));
  assert.ok(first, "the README starts with its start command");
  const command = first.slice("npm install && ".length).split("#")[0].trim();
  return command.split(/\s+/);
}

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  Deno.test({
    name: `the README's start command exits on ${signal} and leaves no process behind`,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const [command, ...args] = await readmeCommand();
      const port = freePort();
      const s = Served.start([...args, ...loopbackArgs(port)], [], command);
      try {
        const c = await connectRetrying(port);
        await c.handshake("alice");
        s.kill(signal);
        await c.waitFor("disconnect");
        assert.equal((await s.child.status).code, 0);
        await s.log.ended();
        assert.equal(await listening(port), false, "nothing listens any more");
        assert.deepEqual(processesWith("--port", String(port)), [], "no process is left");
        c.close();
      } finally {
        await s.reap();
      }
    },
  });
}

Deno.test({
  name: "a second SIGTERM during the shutdown exits at once",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const port = freePort();
    // A shutdown waits up to --close-timeout for the last updates to be written.
    const s = Served.start([
      ...loopbackArgs(port),
      "--close-timeout",
      "600",
      "--flood-limit",
      "100000",
    ]);
    try {
      const c = await connectRetrying(port);
      await c.handshake("sleeper");
      await c.send('(create :id 1 :channel "echo")');
      await c.expect("join");
      // It stops reading while its own messages come back: the write is stuck.
      c.pauseReading();
      for (let i = 0; i < 100; i++) {
        await c.send(`(message :id ${nextId()} :channel "echo" :text "${"y".repeat(200_000)}")`);
      }
      s.kill("SIGTERM");
      await s.log.waitFor(/Shutting down: 1 connections/);
      s.kill("SIGTERM");
      assert.equal((await s.child.status).code, 143);
      await s.log.waitFor(/SIGTERM again: exiting at once/);
      c.close();
    } finally {
      await s.reap();
    }
  },
});

Deno.test({
  name: "SIGHUP reloads --config: live options change for open connections, none is dropped",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "lichat-hup-" });
    const path = `${dir}/lichat.toml`;
    const port = freePort();
    const config = (motd: string, size: number, p: number) =>
      `port = ${p}\nhostname = "127.0.0.1"\nws-port = 0\nmotd = "${motd}"\nmax-update-size = ${size}\n`;
    await Deno.writeTextFile(path, config("Before.", 65536, port));
    const s = Served.start(["--config", path], [`--allow-read=${path}`]);
    try {
      const a = await connectRetrying(port);
      await a.handshake("alice");
      assert.ok(a.texts.some((t) => t.includes('"Before."')));
      await Deno.writeTextFile(
        path,
        config("After.", 1000, port + 1) + 'log-level = "debug"\nname = "Renamed"\n',
      );
      s.kill("SIGHUP");
      // One line per option that changed, and one per option that waits for a restart.
      await s.log.waitFor(/Reloaded --log-level: info → debug/);
      await s.log.waitFor(/Reloaded --motd: Before\. → After\./);
      await s.log.waitFor(/Reloaded --max-update-size: 65536 → 1000/);
      await s.log.waitFor(
        /--(port|name) changed in the configuration; it takes effect at the next restart/,
        2,
      );
      // The open connection is still there and has the new limit.
      await a.send(`(message :id 5 :channel "Lichat" :text "${"x".repeat(2000)}")`);
      await a.waitFor("update-too-long");
      await a.send("(ping :id 6)");
      assert.equal((await a.waitFor("pong")).id, 6);
      await s.log.waitFor(/Connection \d+ sent ping 6/);
      const b = await connectRetrying(port);
      await b.handshake("bob");
      assert.ok(b.texts.some((t) => t.includes('"After."')), "a new connection gets the new motd");
      // A bad file changes nothing.
      await Deno.writeTextFile(path, "port = [nonsense\n");
      s.kill("SIGHUP");
      await s.log.waitFor(/Configuration not reloaded, nothing changed: .*lichat\.toml:1:/);
      await a.send("(ping :id 7)");
      assert.equal((await a.waitFor("pong")).id, 7);
      assert.equal((await s.stop()).code, 0);
      a.close();
      b.close();
    } finally {
      await s.reap();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
