/**
 * Starting the terminal client for a test, in a pseudo-terminal, against a
 * test server.
 *
 * @example
 * ```ts
 * import { mini, terminalTest } from "./mini.ts";
 * terminalTest("connects", async (srv) => {
 *   const t = mini(srv, "alice");
 *   await t.see(/Connected/);
 * });
 * ```
 *
 * @module
 */
import type { RawClient } from "./raw.ts";
import { serverTest, type TestServer } from "./server.ts";
import { hasScript, Terminal, type TerminalOptions } from "./terminal.ts";

/** The client as `name` on the test server (or on a port on loopback). */
export function mini(
  srv: TestServer | number,
  name: string,
  opts: TerminalOptions = {},
  extra: string[] = [],
): Terminal {
  const port = typeof srv === "number" ? srv : srv.port;
  return new Terminal(
    ["--username", name, "--host", "127.0.0.1", "--port", String(port), ...extra],
    opts,
  );
}

/** A test in a pseudo-terminal; skipped, saying so, where `script` is missing. */
export function terminalTest(
  name: string,
  fn: (srv: TestServer) => Promise<void>,
  overrides: Parameters<typeof serverTest>[2] = {},
): void {
  serverTest(`mini client: ${name}`, async (srv) => {
    if (!(await hasScript())) {
      console.warn("SKIPPED: no `script` command to make a pseudo-terminal with");
      return;
    }
    await fn(srv);
  }, overrides);
}

/** Bob, on a raw connection, in a new channel `lobby`. */
export async function bobInLobby(srv: TestServer): Promise<RawClient> {
  const bob = await srv.user("bob");
  await bob.send('(create :id 1 :channel "lobby")');
  await bob.waitFor("join", (u) => u.id === 1);
  return bob;
}
