/**
 * The terminal client's screen, on `node:readline`: line editing, history
 * and Tab completion come from it. Incoming lines are printed above the
 * prompt, which is then drawn again with what was being typed, so typing is
 * never garbled. Passwords are read with echo off and kept out of history.
 * When the input or output is not a terminal, lines are read and printed
 * plainly, without prompt.
 *
 * @example
 * ```ts
 * import { Screen } from "./prompt.ts";
 * const screen = new Screen({ completer: (l) => Promise.resolve([[], l]), history: [] });
 * screen.setPrompt("[lobby] ");
 * screen.onLine((line) => screen.print(`you typed ${line}`));
 * ```
 *
 * @module
 */
import process from "node:process";
import * as readline from "node:readline";
import { Writable } from "node:stream";

/** What the screen needs. */
export interface ScreenOptions {
  /** Tab completion: candidates for the line, and the word they replace (it may ask the server). */
  completer: (line: string) => Promise<[string[], string]>;
  /** Earlier input, newest first. */
  history: string[];
  /** Most lines of history kept (default 1000). */
  historySize?: number;
}

/** A line-edited prompt with output above it. */
export class Screen {
  /** Are input and output both terminals? */
  readonly terminal: boolean;
  readonly #opts: ScreenOptions;
  #rl!: readline.Interface;
  #prompt = "";
  #history: string[];
  #onLine: (line: string) => void = () => {};
  #onEnd: () => void = () => {};
  #onHistory: (history: string[]) => void = () => {};
  #replacing = false;
  #ended = false;

  /** Start reading from stdin. */
  constructor(opts: ScreenOptions) {
    this.#opts = opts;
    this.#history = [...opts.history];
    this.terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
    this.#open();
  }

  #open(): void {
    const rl = readline.createInterface({
      input: process.stdin,
      output: process.stdout,
      terminal: this.terminal,
      completer: (line: string, done: (e: Error | null, r?: [string[], string]) => void) =>
        void this.#opts.completer(line).then((r) => done(null, r), (e) => done(e)),
      history: this.#history,
      historySize: this.#opts.historySize ?? 1000,
      removeHistoryDuplicates: true,
      tabSize: 4,
    });
    this.#rl = rl;
    rl.setPrompt(this.#prompt);
    rl.on("line", (line) => {
      // The next prompt at once: what is typed next must not wait for this line's handling.
      if (this.terminal) rl.prompt();
      this.#onLine(line);
    });
    rl.on("history", (h: string[]) => {
      this.#history = h;
      this.#onHistory(h);
    });
    rl.on("SIGINT", () => this.#end());
    rl.on("close", () => {
      if (!this.#replacing) this.#end();
    });
    if (this.terminal) rl.prompt();
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#onEnd();
  }

  /** Call `f` with each line typed. */
  onLine(f: (line: string) => void): void {
    this.#onLine = f;
  }

  /** Call `f` once on Ctrl-D, Ctrl-C or the end of input. */
  onEnd(f: () => void): void {
    this.#onEnd = f;
  }

  /** Call `f` when the history changes (newest first), to save it. */
  onHistory(f: (history: string[]) => void): void {
    this.#onHistory = f;
  }

  /** Set the prompt, and draw it again. */
  setPrompt(text: string): void {
    this.#prompt = text;
    this.#rl.setPrompt(text);
    if (this.terminal) this.#rl.prompt(true);
  }

  /** Print `text` above the prompt, keeping what is being typed. */
  print(text: string): void {
    if (!this.terminal) {
      process.stdout.write(text + "\n");
      return;
    }
    const pos = this.#rl.getCursorPos();
    readline.moveCursor(process.stdout, 0, -pos.rows);
    readline.cursorTo(process.stdout, 0);
    readline.clearScreenDown(process.stdout);
    process.stdout.write(text + "\n");
    this.#rl.prompt(true);
  }

  /**
   * Take the line just entered off the screen (it stands above the prompt),
   * or show `shown` in its place: a message is shown again as the server
   * relays it, a password's line is masked.
   */
  unshow(entered: string, shown?: string): void {
    if (!this.terminal) return;
    const cols = process.stdout.columns || 80;
    const rows = Math.max(1, Math.ceil((this.#prompt.length + entered.length) / cols));
    readline.moveCursor(process.stdout, 0, -rows - this.#rl.getCursorPos().rows);
    readline.cursorTo(process.stdout, 0);
    readline.clearScreenDown(process.stdout);
    if (shown !== undefined) process.stdout.write(this.#prompt + shown + "\n");
    this.#rl.prompt(true);
  }

  /** Drop the line just entered from the history (a secret). */
  forget(entered: string): void {
    const i = this.#history.indexOf(entered);
    if (i >= 0) this.#history.splice(i, 1);
    this.#onHistory(this.#history);
  }

  /**
   * Ask for a secret with echo off: nothing typed is shown or kept. Rejects
   * on Ctrl-C or the end of input.
   */
  hidden(question: string): Promise<string> {
    return hiddenQuestion(question, () => {
      this.#replacing = true;
      this.#rl.close();
    }, () => {
      this.#replacing = false;
      if (!this.#ended) this.#open();
    });
  }

  /** Stop reading. */
  close(): void {
    this.#ended = true;
    this.#rl.close();
  }
}

/**
 * Read one line with echo off, on a readline interface of its own whose
 * echo goes nowhere; `before` and `after` run around it (to set aside and
 * bring back another interface).
 */
export function hiddenQuestion(
  question: string,
  before: () => void = () => {},
  after: () => void = () => {},
): Promise<string> {
  before();
  process.stdout.write(question);
  const sink = new Writable({ write: (_chunk, _enc, done) => done() });
  const rl = readline.createInterface({
    input: process.stdin,
    output: sink,
    terminal: Boolean(process.stdin.isTTY),
    historySize: 0,
  });
  return new Promise<string>((resolve, reject) => {
    let answered = false;
    rl.on("line", (line) => {
      answered = true;
      rl.close();
      resolve(line);
    });
    rl.on("SIGINT", () => rl.close());
    rl.on("close", () => {
      process.stdout.write("\n");
      after();
      if (!answered) reject(new Error("no password given"));
    });
  });
}
