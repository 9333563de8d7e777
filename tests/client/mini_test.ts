/**
 * The terminal client driven as a person would, in a pseudo-terminal made by
 * `script` (util-linux, present on a fresh Debian machine), against the real
 * server, with a second user in the same channel.
 */
import assert from "node:assert/strict";
import { serverTest, type TestServer } from "../helpers/server.ts";

const root = new URL("../../", import.meta.url);

async function hasScript(): Promise<boolean> {
  try {
    return (await new Deno.Command("script", {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    }).output()).success;
  } catch {
    return false;
  }
}

/** A terminal session running the mini client. */
class Terminal {
  readonly child: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  screen = "";
  #reading: Promise<void>;

  constructor(srv: TestServer, name: string, extra: string[] = []) {
    const cmd = [
      Deno.execPath(),
      "run",
      "--allow-net",
      "client/mini.ts",
      "--username",
      name,
      "--host",
      "127.0.0.1",
      "--port",
      String(srv.port),
      ...extra,
    ]
      .join(" ");
    const child = new Deno.Command("script", {
      args: ["-qfec", cmd, "/dev/null"],
      cwd: root,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1", TERM: "dumb" },
    }).spawn();
    this.child = child;
    this.#writer = child.stdin.getWriter();
    this.#reading = (async () => {
      for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
        this.screen += chunk;
      }
    })();
  }

  /** Type a line and press Enter. */
  async type(line: string): Promise<void> {
    await this.#writer.write(new TextEncoder().encode(line + "\r"));
  }

  /** Press a control key (`\x04` is Ctrl-D). */
  async key(k: string): Promise<void> {
    await this.#writer.write(new TextEncoder().encode(k));
  }

  /** Wait until the screen shows `pattern`. */
  async see(pattern: RegExp, timeout = 8000): Promise<void> {
    const deadline = Date.now() + timeout;
    while (!pattern.test(this.screen)) {
      if (Date.now() > deadline) throw new Error(`screen never showed ${pattern}:\n${this.screen}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async exit(): Promise<number> {
    const status = await this.child.status;
    await this.#writer.close().catch(() => {});
    await this.#reading;
    await this.child.stderr.cancel();
    return status.code;
  }
}

serverTest(
  "mini client: typed lines arrive, /join switches, incoming lines shown, /quit exits 0",
  async (srv) => {
    if (!(await hasScript())) {
      console.warn("SKIPPED: no `script` command to make a pseudo-terminal with");
      return;
    }
    const bob = await srv.user("bob");
    await bob.send('(create :id 1 :channel "lobby")');
    await bob.waitFor("join", (u) => u.id === 1);
    const term = new Terminal(srv, "alice");
    await term.see(/\*\* Connected to lichat:\/\/127\.0\.0\.1:\d+\/ as alice/);
    await term.type("/join lobby");
    await term.see(/Now talking in lobby/);
    await bob.waitFor("join", (u) => u.from === "alice" && u.channel === "lobby");
    await term.type("hello bob");
    const m = await bob.waitFor("message", (u) => u.channel === "lobby");
    assert.equal(m.text, "hello bob");
    assert.equal(m.from, "alice");
    await bob.send('(message :id 2 :channel "lobby" :text "hi alice")');
    await term.see(/\d\d:\d\d <bob> hi alice/);
    await term.type("/users");
    await term.see(/\*\* Users in lobby: (bob, alice|alice, bob)/);
    await term.type("/frobnicate");
    await term.see(/Unknown command \/frobnicate/);
    await term.type("/join nowhere");
    await term.see(/\*\* Error: no-such-channel/);
    await term.type("/quit");
    assert.equal(await term.exit(), 0);
    await bob.waitFor("leave", (u) => u.from === "alice");
  },
);

serverTest("mini client: Ctrl-D disconnects and exits 0", async (srv) => {
  if (!(await hasScript())) {
    console.warn("SKIPPED: no `script` command to make a pseudo-terminal with");
    return;
  }
  const bob = await srv.user("bob");
  const term = new Terminal(srv, "carol");
  await term.see(/Connected/);
  await term.key("\x04");
  assert.equal(await term.exit(), 0);
  await bob.waitFor("leave", (u) => u.from === "carol");
});
