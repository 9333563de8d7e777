/**
 * The terminal client:
 * `deno run --allow-net --allow-env --allow-read --allow-write client/mini.ts --username NAME`.
 *
 * Lines are said in the current channel; commands start with `/` (see
 * `/help`). Line editing, history (kept per user) and Tab completion come
 * from `node:readline`; incoming lines print above the prompt. It reconnects
 * with backoff by default, re-joining every channel, and catches up on each
 * channel it is in with backfill. Modules: `mini/args.ts` (command line),
 * `mini/prompt.ts` (the screen), `mini/session.ts` (state), `mini/format.ts`
 * and `mini/style.ts` (how lines look), `mini/commands.ts`,
 * `mini/completion.ts`, `mini/history.ts`.
 *
 * @module
 */
import process from "node:process";
import { Client } from "./client.ts";
import { FailureError } from "./errors.ts";
import { env, parseMiniArgs, USAGE, UsageError } from "./mini/args.ts";
import { ABSENT, COMMANDS, helpText } from "./mini/commands.ts";
import { complete } from "./mini/completion.ts";
import { historyPath, isSecret, loadHistory, saveHistory } from "./mini/history.ts";
import { hiddenQuestion, Screen } from "./mini/prompt.ts";
import { Session } from "./mini/session.ts";
import { Style, wantColour } from "./mini/style.ts";

/** Extensions the terminal client uses. */
const EXTENSIONS = [
  "shirakumo-data",
  "shirakumo-backfill",
  "shirakumo-edit",
  "shirakumo-reactions",
  "shirakumo-channel-info",
  "shirakumo-history",
];

function canWrite(path: string): boolean {
  return Deno.permissions.querySync({ name: "write", path }).state === "granted" &&
    Deno.permissions.querySync({ name: "read", path }).state === "granted";
}

function fail(e: unknown): string {
  return e instanceof FailureError ? `${e.failure.type}: ${e.failure.text ?? ""}` : String(
    e instanceof Error ? e.message : e,
  );
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseMiniArgs(Deno.args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`mini: ${e.message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(`${USAGE}\n${helpText()}`);
    return 0;
  }
  let password = env("LICHAT_PASSWORD") || undefined;
  if (password === undefined && args.askPassword) {
    try {
      password = await hiddenQuestion("Password: ");
    } catch {
      return 1;
    }
  }
  const client = new Client({
    username: args.username,
    password,
    hostname: args.host,
    port: args.port,
    tls: args.tls,
    caFile: args.caFile,
    url: args.url,
    reconnect: args.reconnect,
    extensions: EXTENSIONS,
  });
  const shown: { screen?: Screen } = {};
  const early: string[] = [];
  const out = (line: string) => shown.screen ? shown.screen.print(line) : early.push(line);
  const colour = wantColour(
    { NO_COLOR: env("NO_COLOR"), TERM: env("TERM") },
    Boolean(process.stdout.isTTY),
  );
  const session = new Session(client, new Style(colour), out);
  client.on("*", (u) => session.handle(u));
  try {
    await client.open();
  } catch (e) {
    console.error(`mini: ${fail(e)}`);
    return 1;
  }
  const path = historyPath(
    { XDG_CONFIG_HOME: env("XDG_CONFIG_HOME"), HOME: env("HOME") },
    client.username,
  );
  const keep = path !== undefined && args.historySize > 0 && canWrite(path);
  const history = keep ? await loadHistory(path, args.historySize).catch(() => []) : [];
  const commands = Object.fromEntries(Object.entries(COMMANDS).map(([n, c]) => [n, c.arg]));
  const ui = shown.screen = new Screen({
    history,
    historySize: args.historySize,
    completer: async (line) => {
      // The channels there are now, for /join (one asks before Tab is answered).
      if (/^\/join\s+\S*$/i.test(line)) await session.listChannels();
      return complete(line, {
        commands,
        channels: () => session.channelNames(),
        users: () => session.userNames(),
        members: () => session.current() ? session.peers(session.current()) : [],
      });
    },
  });
  session.onPrompt = () => ui.setPrompt(session.promptText());
  ui.setPrompt(session.promptText());
  for (const line of early.splice(0)) ui.print(line);
  session.notice(`Connected to ${client.url()} as ${client.username}. /help lists the commands.`);
  if (!keep && args.historySize > 0) {
    session.notice("History is not kept: that needs --allow-env, --allow-read and --allow-write.");
  }
  if (keep) {
    ui.onHistory((h) => {
      try {
        saveHistory(path, h);
      } catch (e) {
        session.print(session.fmt.error(`history not saved: ${fail(e)}`));
      }
    });
  }

  let ended = false;
  const quit = async (code: number) => {
    if (ended) return;
    ended = true;
    await client.close();
    ui.close();
    Deno.exit(code);
  };
  client.onEvent("close", () => {
    if (ended) return;
    if (!args.reconnect) {
      session.notice("Disconnected.");
      return void quit(1);
    }
    session.notice("Disconnected; reconnecting…");
  });
  client.onEvent(
    "retry",
    (e, pause) => session.notice(`Reconnecting in ${Math.round(pause / 1000)} s (${fail(e)})`),
  );
  client.onEvent("rejoin-failed", (channel, e) => {
    session.notice(`Could not re-join ${channel}: ${fail(e)}`);
    if (channel === session.current()) session.setCurrent("");
  });
  client.onEvent("reconnect", (channels) => {
    session.notice(`Reconnected${channels.length ? `; back in ${channels.join(", ")}` : ""}.`);
    void session.listChannels();
  });
  void session.listChannels();
  ui.onEnd(() => void quit(0));
  Deno.addSignalListener("SIGINT", () => void quit(0));

  // Lines are handled in order (a message after /join goes to the new
  // channel), but /quit does not wait for requests before it.
  let queue = Promise.resolve();
  ui.onLine((line) => {
    const text = line.replace(/\r$/, "");
    if (isSecret(text)) {
      ui.forget(text);
      ui.unshow(text, text.replace(/^(\s*\/\S+\s+).*$/, "$1********"));
    } else if (text.trim() !== "" && !text.startsWith("/") && session.current()) {
      ui.unshow(text); // shown again, with its time, as the server relays it
    }
    if (/^\/quit\b/i.test(text.trim())) return void quit(0);
    queue = queue.then(() => handle(session, text, ui));
  });
  await new Promise(() => {}); // Until quit() exits.
  return 0;
}

/** One typed line: a command, or something to say. */
async function handle(session: Session, line: string, ui: Screen): Promise<void> {
  if (line.trim() === "") return;
  if (!line.startsWith("/")) {
    const channel = session.current();
    if (!channel) return session.notice("You are in no channel; /join one first.");
    try {
      session.client.send("message", { channel, text: line });
    } catch (e) {
      session.print(session.fmt.error(`not sent: ${fail(e)}`));
    }
    return;
  }
  const [name, ...rest] = line.slice(1).split(" ");
  const command = COMMANDS[name.toLowerCase()];
  const absent = ABSENT[name.toLowerCase()];
  if (absent) return session.notice(`/${name} is not in Lichat: ${absent}.`);
  if (!command) return session.notice(`Unknown command /${name}; try /help`);
  try {
    await command.run(session, rest.join(" ").trim(), ui);
  } catch (e) {
    // Failures were shown as they arrived; other errors are shown here.
    if (!(e instanceof FailureError)) session.print(session.fmt.error(fail(e)));
  }
}

if (import.meta.main) Deno.exit(await main());
