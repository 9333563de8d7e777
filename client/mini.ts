/**
 * The terminal client: `deno run --allow-net client/mini.ts --username NAME`.
 *
 * Lines are sent as messages to the current channel; commands start with `/`
 * (see `/help`). Messages print as `HH:MM <from> text` (with `[channel]` in
 * front when not the current channel); everything else as `** …`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { fromUniversalTime, isSym, type Update, type Value } from "../protocol/mod.ts";
import { Client } from "./client.ts";
import { FailureError } from "./errors.ts";

/** What `/help` prints. */
export const HELP = [
  "Commands:",
  "  /join C          join channel C and make it current",
  "  /leave [C]       leave C (default: the current channel)",
  "  /switch C        make C the current channel",
  "  /create [C]      create channel C (anonymous without a name) and switch to it",
  "  /users           list the current channel's users",
  "  /channels        list the channels",
  "  /pull U          pull user U into the current channel",
  "  /kick U          kick user U from the current channel",
  "  /register PASS   register your name with a password",
  "  /info U          show information about user U",
  "  /help            this text",
  "  /quit            disconnect and exit (also Ctrl-D, Ctrl-C)",
  "Anything else is sent as a message to the current channel.",
].join("\n");

function hhmm(u: Update): string {
  const d = u.clock === undefined ? new Date() : new Date(fromUniversalTime(u.clock));
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

function show(v: Value | undefined): string {
  if (v === undefined) return "";
  if (Array.isArray(v)) return v.map(show).join(", ");
  if (isSym(v)) return v.name;
  return String(v);
}

/** A terminal session: state and the formatting of what arrives. */
export class MiniClient {
  /** The channel plain lines go to. */
  current = "";
  /** The connection to the server. */
  readonly client: Client;
  readonly #out: (line: string) => void;

  /** Wrap a client; `out` prints one line. */
  constructor(client: Client, out: (line: string) => void) {
    this.client = client;
    this.#out = out;
  }

  /** The line to print for an incoming update, or undefined for none. */
  format(u: Update): string | undefined {
    switch (u.type) {
      case "message": {
        const where = u.channel === this.current ? "" : `[${u.channel}] `;
        return `${hhmm(u)} ${where}<${u.from}> ${u.text}`;
      }
      case "join":
        return `** ${u.from} joined ${u.channel}`;
      case "leave":
        return `** ${u.from} left ${u.channel}`;
      case "kick":
        return `** ${u.from} kicked ${u.target} from ${u.channel}`;
      case "ping":
      case "pong":
      case "connect":
        return undefined;
      case "users":
        return `** Users in ${u.channel}: ${show(u.users)}`;
      case "channels":
        return `** Channels: ${show(u.channels)}`;
      case "user-info":
        return `** ${u.target}: ${show(u.connections)} connection(s), ${
          u.registered ? "registered" : "not registered"
        }`;
      case "register":
        return "** Registered.";
      case "disconnect":
        return "** Disconnected.";
      default:
        if (
          u["update-id"] !== undefined || u.type.endsWith("failure") ||
          typeof u.text === "string" && u.from === this.client.serverName
        ) {
          return `** Error: ${u.type}${u.text ? `: ${u.text}` : ""}`;
        }
        return `** ${u.type} from ${u.from ?? "?"}`;
    }
  }

  /** Handle one typed line; resolves false when the session should end. */
  async line(text: string): Promise<boolean> {
    const line = text.replace(/\r$/, "");
    if (line.trim() === "") return true;
    if (!line.startsWith("/")) {
      if (!this.current) {
        this.#out("** You are in no channel; /join one first.");
        return true;
      }
      this.client.send("message", { channel: this.current, text: line });
      return true;
    }
    const [cmd, ...rest] = line.slice(1).split(" ");
    const arg = rest.join(" ").trim();
    const c = this.client;
    try {
      switch (cmd.toLowerCase()) {
        case "quit":
          return false;
        case "help":
          this.#out(HELP);
          return true;
        case "join":
          if (!arg) return this.#usage("/join C");
          await c.request("join", { channel: arg });
          this.current = arg;
          this.#out(`** Now talking in ${arg}`);
          return true;
        case "leave": {
          const ch = arg || this.current;
          await c.request("leave", { channel: ch });
          if (ch === this.current) {
            this.current = [...c.channels].find((x) => x !== c.serverName) ?? "";
          }
          return true;
        }
        case "switch":
          if (!arg) return this.#usage("/switch C");
          if (![...c.channels].some((x) => x.toLowerCase() === arg.toLowerCase())) {
            this.#out(`** You are not in ${arg}.`);
            return true;
          }
          this.current = arg;
          this.#out(`** Now talking in ${arg}`);
          return true;
        case "create": {
          const j = await c.request("create", { channel: arg || undefined });
          this.current = j.channel as string;
          this.#out(`** Created ${this.current}; now talking in it`);
          return true;
        }
        case "users":
          await c.request("users", { channel: this.current || c.serverName });
          return true;
        case "channels":
          await c.request("channels", {});
          return true;
        case "pull":
          if (!arg) return this.#usage("/pull U");
          await c.request("pull", { channel: this.current, target: arg });
          return true;
        case "kick":
          if (!arg) return this.#usage("/kick U");
          await c.request("kick", { channel: this.current, target: arg });
          return true;
        case "register":
          if (!arg) return this.#usage("/register PASSWORD");
          await c.request("register", { password: arg });
          return true;
        case "info":
          if (!arg) return this.#usage("/info U");
          await c.request("user-info", { target: arg });
          return true;
        default:
          this.#out(`** Unknown command /${cmd}; try /help`);
          return true;
      }
    } catch (e) {
      // Failures were printed as they arrived; other errors are shown here.
      if (!(e instanceof FailureError)) this.#out(`** Error: ${(e as Error).message}`);
      return true;
    }
  }

  #usage(text: string): true {
    this.#out(`** Usage: ${text}`);
    return true;
  }
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: Deno.args,
      options: {
        username: { type: "string" },
        password: { type: "string" },
        host: { type: "string", default: "localhost" },
        port: { type: "string", default: "1111" },
        url: { type: "string" },
        help: { type: "boolean" },
      },
    }).values;
  } catch (e) {
    console.error(`mini: ${(e as Error).message.split("\n")[0]}`);
    return 2;
  }
  if (args.help) {
    console.log(
      "Usage: deno run --allow-net client/mini.ts --username NAME [--password P] [--host H] [--port P | --url ws://…]\n" +
        HELP,
    );
    return 0;
  }
  const out = (line: string) => console.log(line);
  const client = new Client({
    username: args.username,
    password: args.password,
    hostname: args.host,
    port: Number(args.port),
    url: args.url,
  });
  const mini = new MiniClient(client, out);
  client.on("*", (u) => {
    const line = mini.format(u);
    if (line !== undefined) out(line);
  });
  try {
    await client.open();
  } catch (e) {
    console.error(
      `mini: ${
        e instanceof FailureError ? `${e.failure.type}: ${e.failure.text}` : (e as Error).message
      }`,
    );
    return 1;
  }
  out(`** Connected to ${client.url()} as ${client.username}. /help lists the commands.`);
  let ended = false;
  const finish = async () => {
    if (ended) return;
    ended = true;
    await client.close();
  };
  Deno.addSignalListener("SIGINT", async () => {
    await finish();
    Deno.exit(0);
  });
  client.onEvent("close", () => {
    if (!ended) {
      out("** The connection closed.");
      Deno.exit(1);
    }
  });
  let buffer = "";
  for await (const chunk of Deno.stdin.readable.pipeThrough(new TextDecoderStream())) {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (!(await mini.line(line))) {
        await finish();
        return 0;
      }
    }
  }
  // Ctrl-D.
  await finish();
  return 0;
}

if (import.meta.main) Deno.exit(await main());
