/**
 * The server as an operator runs it: a separate process, its log read as it
 * comes, signals sent to it.
 *
 * @example
 * ```ts
 * import { Served } from "./service.ts";
 * const s = Served.start(["--port", "11111", "--hostname", "127.0.0.1", "--ws-port", "0"]);
 * await s.log.waitFor(/listening on/);
 * await s.stop();
 * ```
 *
 * @module
 */
import { RawClient } from "./raw.ts";

/** The repository's root. */
export const ROOT = new URL("../../", import.meta.url);

/** The process's standard error, kept whole as it arrives. */
export class LogReader {
  #text = "";
  readonly #done: Promise<void>;
  readonly #waiters = new Set<() => void>();

  /** Read `stream` to its end. */
  constructor(stream: ReadableStream<Uint8Array>) {
    this.#done = (async () => {
      for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
        this.#text += chunk;
        for (const w of this.#waiters) w();
      }
    })().catch(() => {}).finally(() => {
      for (const w of this.#waiters) w();
    });
  }

  /** Everything read so far. */
  get text(): string {
    return this.#text;
  }

  /** The lines read so far. */
  get lines(): string[] {
    return this.#text.split("\n").filter((l) => l !== "");
  }

  /**
   * Resolves with the first `count` lines matching `pattern` once there are
   * as many; fails with the log when the stream ends first, or after 30 s
   * (so that a failing test shows what it saw instead of hanging).
   */
  async waitFor(pattern: RegExp, count = 1): Promise<string[]> {
    const deadline = Date.now() + 30_000;
    let ended = false;
    this.#done.then(() => ended = true);
    for (;;) {
      const found = this.lines.filter((l) => pattern.test(l));
      if (found.length >= count) return found.slice(0, count);
      if (ended || Date.now() > deadline) {
        throw new Error(`not ${count} lines matched ${pattern} in:\n${this.#text}`);
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, 500);
        this.#waiters.add(wake);
      });
    }
  }

  /** Resolves once the stream has ended. */
  ended(): Promise<void> {
    return this.#done;
  }
}

/** A server process and its log. */
export class Served {
  /** The process. */
  readonly child: Deno.ChildProcess;
  /** Its standard error. */
  readonly log: LogReader;

  private constructor(child: Deno.ChildProcess) {
    this.child = child;
    this.log = new LogReader(child.stderr);
    child.stdout.cancel().catch(() => {});
  }

  /**
   * `command` (default: this Deno) with `args`, in the repository's root,
   * with `env` added; without `command`, `deno run --allow-net PERMISSIONS
   * main.ts ARGS`.
   */
  static start(
    args: string[],
    permissions: string[] = [],
    command?: string,
    env: Record<string, string> = {},
  ): Served {
    const cmd = command ?? Deno.execPath();
    const all = command ? args : ["run", "--allow-net", ...permissions, "main.ts", ...args];
    return new Served(
      new Deno.Command(cmd, {
        args: all,
        cwd: ROOT,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
        env: { NO_COLOR: "1", ...env },
      }).spawn(),
    );
  }

  /** Send `signal`. */
  kill(signal: Deno.Signal): void {
    this.child.kill(signal);
  }

  /** SIGTERM, then the exit status. */
  async stop(): Promise<Deno.CommandStatus> {
    this.kill("SIGTERM");
    return await this.child.status;
  }

  /** End it if it still runs (tests' `finally`). */
  async reap(): Promise<void> {
    try {
      this.child.kill("SIGKILL");
    } catch {
      // Exited already.
    }
    await this.child.status;
    await this.log.ended();
  }
}

/** The server's arguments for a free loopback port, without WebSocket. */
export function loopbackArgs(port: number): string[] {
  return ["--port", String(port), "--hostname", "127.0.0.1", "--ws-port", "0"];
}

/** Connect to a server that is still starting. */
export async function connectRetrying(port: number): Promise<RawClient> {
  for (let i = 0; i < 300; i++) {
    try {
      return await RawClient.connect(port);
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error("the server did not listen");
}

/** Does anything listen on `port` of loopback? */
export async function listening(port: number): Promise<boolean> {
  try {
    (await Deno.connect({ hostname: "127.0.0.1", port })).close();
    return true;
  } catch {
    return false;
  }
}

/**
 * The processes whose command line has every one of `words`, by `ps`
 * (reading /proc itself would take --allow-all).
 */
export function processesWith(...words: string[]): string[] {
  const out = new Deno.Command("ps", { args: ["-e", "-o", "pid=,args="], stdout: "piped" })
    .outputSync();
  return new TextDecoder().decode(out.stdout).split("\n").filter((line) => {
    const argv = line.trim().split(/\s+/);
    return words.every((w) => argv.includes(w));
  });
}
