/**
 * The server as a process of its own, as a user runs it: `deno run
 * --allow-net [PERMISSIONS] main.ts ARGS`, for tests that signal it or kill it.
 *
 * @example
 * ```ts
 * import { connectRetrying, deno, reap, serverArgs } from "./process.ts";
 * import { freePort } from "./server.ts";
 * const port = freePort();
 * const child = deno(serverArgs(port)).spawn();
 * const c = await connectRetrying(port);
 * c.close();
 * await reap(child);
 * ```
 *
 * @module
 */
import { RawClient } from "./raw.ts";

const root = new URL("../../", import.meta.url);

/** `deno run --allow-net [PERMISSIONS] main.ts ARGS`, never prompting, output piped. */
export function deno(args: string[], permissions: string[] = []): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", ...permissions, "main.ts", ...args],
    cwd: root,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  });
}

/** The server's arguments for a free loopback port, without WebSocket. */
export function serverArgs(port: number): string[] {
  return ["--port", String(port), "--hostname", "127.0.0.1", "--ws-port", "0"];
}

/** A client connected to a server that may still be starting. */
export async function connectRetrying(port: number): Promise<RawClient> {
  for (let i = 0; i < 150; i++) {
    try {
      return await RawClient.connect(port);
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error("the server did not listen");
}

/** End a child that may have exited already, and its pipes. */
export async function reap(child: Deno.ChildProcess): Promise<void> {
  try {
    child.kill("SIGKILL");
  } catch {
    // Exited already.
  }
  await child.stdout.cancel().catch(() => {});
  await child.stderr.cancel().catch(() => {});
  await child.status;
}
