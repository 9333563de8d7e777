/**
 * The server as a separate process, as a user runs it: `deno run` on
 * main.ts with piped output, and helpers to reach and end it.
 *
 * @example
 * ```ts
 * import { connectRetrying, deno, reap, serverArgs } from "./process.ts";
 * const child = deno(serverArgs(11111)).spawn();
 * const c = await connectRetrying(11111);
 * c.close();
 * await reap(child);
 * ```
 *
 * @module
 */
import { RawClient } from "./raw.ts";

/** The repository's root. */
export const root = new URL("../../", import.meta.url);

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

/** Connect to a server that is still starting. */
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

/**
 * Read `stream` (a child's output) until `count` lines match `pattern`: those
 * lines and all the text read; an error with the text when the stream ends
 * first (or after 30 s, so that a failing test says what it saw instead of
 * hanging). The stream is cancelled afterwards.
 */
export async function linesMatching(
  stream: ReadableStream<Uint8Array>,
  pattern: RegExp,
  count: number,
): Promise<{ lines: string[]; text: string }> {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const stuck = setTimeout(() => reader.cancel().catch(() => {}), 30_000);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`not ${count} lines matched ${pattern} in:\n${text}`);
      text += value;
      const lines = text.split("\n").filter((l) => pattern.test(l));
      if (lines.length >= count) return { lines, text };
    }
  } finally {
    clearTimeout(stuck);
    await reader.cancel().catch(() => {});
  }
}

/** The first line of `stream` that matches `pattern` (see {@linkcode linesMatching}). */
export async function lineMatching(
  stream: ReadableStream<Uint8Array>,
  pattern: RegExp,
): Promise<string> {
  return (await linesMatching(stream, pattern, 1)).lines[0];
}
