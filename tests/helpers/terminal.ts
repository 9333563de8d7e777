/**
 * The terminal client driven as a person would: in a real pseudo-terminal
 * made by `script` (util-linux, on a fresh Debian machine), its output drawn
 * by a headless terminal emulator (`@xterm/headless`) so that tests read the
 * screen a person would see, not the escape sequences.
 *
 * @example
 * ```ts
 * import { hasScript, Terminal } from "./terminal.ts";
 * if (await hasScript()) {
 *   const t = new Terminal(["--username", "alice", "--port", "1111"]);
 *   await t.see(/Connected/);
 *   await t.enter("/quit");
 *   await t.exit();
 * }
 * ```
 *
 * @module
 */
import xterm from "@xterm/headless";

const root = new URL("../../", import.meta.url);

/** Is there a `script` command to make a pseudo-terminal with? */
export async function hasScript(): Promise<boolean> {
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

function quote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** Settings of a {@linkcode Terminal}. */
export interface TerminalOptions {
  /** Environment variables beside PATH, HOME and TERM. */
  env?: Record<string, string>;
  /** The home directory (default: a fresh temporary one). */
  home?: string;
  /** Colours allowed (default false: NO_COLOR is set). */
  colour?: boolean;
  /** Columns of the terminal (default 100). */
  cols?: number;
}

/** A terminal session running the mini client. */
export class Terminal {
  /** The `script` process. */
  readonly child: Deno.ChildProcess;
  /** The home directory the client runs with. */
  readonly home: string;
  /** Everything written to the terminal, escape sequences and all. */
  raw = "";
  readonly #term: xterm.Terminal;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #reading: Promise<void>;
  #drawn = Promise.resolve();

  /** Start `client/mini.ts` with `args`. */
  constructor(args: string[], opts: TerminalOptions = {}) {
    const cols = opts.cols ?? 100;
    this.home = opts.home ?? Deno.makeTempDirSync({ prefix: "lichat-home-" });
    this.#term = new xterm.Terminal({ cols, rows: 30, scrollback: 5000, allowProposedApi: true });
    const cmd = [
      Deno.execPath(),
      "run",
      "--allow-net",
      "--allow-env",
      "--allow-read",
      "--allow-write",
      "client/mini.ts",
      ...args,
    ].map(quote).join(" ");
    const env: Record<string, string> = {
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      HOME: this.home,
      TERM: "xterm-256color",
      ...(opts.colour ? {} : { NO_COLOR: "1" }),
      ...opts.env,
    };
    const child = this.child = new Deno.Command("script", {
      args: ["-qfec", `stty cols ${cols} rows 30; exec ${cmd}`, "/dev/null"],
      cwd: root,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
      clearEnv: true,
      env,
    }).spawn();
    this.#writer = child.stdin.getWriter();
    this.#reading = (async () => {
      for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
        this.raw += chunk;
        this.#drawn = this.#drawn.then(() => new Promise((r) => this.#term.write(chunk, r)));
      }
    })();
  }

  /** Every line of the screen and its scrollback, as shown. */
  async lines(): Promise<string[]> {
    await this.#drawn;
    const b = this.#term.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < b.length; i++) out.push(b.getLine(i)?.translateToString(true) ?? "");
    while (out.length > 0 && out.at(-1) === "") out.pop();
    return out;
  }

  /** The line the cursor is on: the prompt and what is being typed. */
  async cursorLine(): Promise<string> {
    await this.#drawn;
    const b = this.#term.buffer.active;
    return b.getLine(b.baseY + b.cursorY)?.translateToString(true) ?? "";
  }

  /** The screen as one text. */
  async text(): Promise<string> {
    return (await this.lines()).join("\n");
  }

  /** Type text without pressing Enter (keys like `\t` and `\x1b[A` included). */
  async type(text: string): Promise<void> {
    await this.#writer.write(new TextEncoder().encode(text));
  }

  /** Type a line and press Enter. */
  async enter(line: string): Promise<void> {
    await this.type(line + "\r");
  }

  /** Wait until `test` holds for the screen's text; fail with the screen after `timeout` ms. */
  async until(test: (text: string) => boolean, what: string, timeout = 8000): Promise<void> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const text = await this.text();
      if (test(text)) return;
      if (Date.now() > deadline) throw new Error(`screen never showed ${what}:\n${text}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Wait until the screen shows `pattern`. */
  see(pattern: RegExp, timeout = 8000): Promise<void> {
    return this.until((t) => pattern.test(t), String(pattern), timeout);
  }

  /** Wait until the cursor's line matches `pattern`. */
  async prompt(pattern: RegExp, timeout = 8000): Promise<void> {
    const deadline = Date.now() + timeout;
    while (!pattern.test(await this.cursorLine())) {
      if (Date.now() > deadline) {
        throw new Error(`prompt never showed ${pattern}: ${await this.cursorLine()}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Wait for the process to end (failing after `timeout` ms); its exit code. */
  async exit(timeout = 8000): Promise<number> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const status = await Promise.race([
      this.child.status,
      new Promise<never>((_, reject) =>
        timer = setTimeout(() => reject(new Error(`still running after ${timeout} ms`)), timeout)
      ),
    ]).finally(() => clearTimeout(timer));
    await this.#writer.close().catch(() => {});
    await this.#reading;
    await this.child.stderr.cancel();
    return status.code;
  }

  /** End the process if it still runs, and the emulator (for `finally`). */
  kill(): void {
    try {
      this.child.kill("SIGKILL");
    } catch {
      // Already gone.
    }
    void this.#drawn.then(() => this.#term.dispose());
  }
}
