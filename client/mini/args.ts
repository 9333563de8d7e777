/**
 * The terminal client's command line. The password never goes on it (it
 * would show in `ps`): `--password` asks for it with echo off, and
 * `LICHAT_PASSWORD` gives it from the environment.
 *
 * @example
 * ```ts
 * import { parseMiniArgs } from "./args.ts";
 * parseMiniArgs(["--username", "alice", "--tls"]).port; // 1112
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";

/** What the command line says. */
export interface MiniArgs {
  /** The user name (`--username`). */
  username: string | undefined;
  /** Ask for a password (`--password`). */
  askPassword: boolean;
  /** Server host (`--host`, default localhost). */
  host: string;
  /** Server port (`--port`, default 1111, or 1112 with `--tls`). */
  port: number;
  /** TLS (`--tls`). */
  tls: boolean;
  /** A private CA's PEM file (`--ca-file`). */
  caFile: string | undefined;
  /** WebSocket URL (`--url`). */
  url: string | undefined;
  /** Reconnect after a lost connection (off with `--no-reconnect`). */
  reconnect: boolean;
  /** Lines of input history kept (`--history-size`, default 1000; 0 keeps none). */
  historySize: number;
  /** Print the usage (`--help`). */
  help: boolean;
}

/** The usage line. */
export const USAGE = "Usage: deno run --allow-net --allow-env --allow-read --allow-write " +
  "client/mini.ts --username NAME [--password] [--host H] [--port P] [--tls [--ca-file F]] " +
  "[--url ws://…|wss://…] [--no-reconnect] [--history-size N]\n" +
  "The password is asked for (not shown) with --password, or read from LICHAT_PASSWORD.";

/** A bad command line. */
export class UsageError extends Error {}

/** Read the command line; throws {@linkcode UsageError} with a one-line reason. */
export function parseMiniArgs(argv: string[]): MiniArgs {
  const i = argv.indexOf("--password");
  if (i >= 0 && i + 1 < argv.length && !argv[i + 1].startsWith("-")) {
    throw new UsageError(
      "--password takes no value: it asks for the password, or set LICHAT_PASSWORD " +
        "(a password on the command line shows in ps)",
    );
  }
  let v;
  try {
    v = parseArgs({
      args: argv,
      options: {
        username: { type: "string" },
        password: { type: "boolean" },
        host: { type: "string", default: "localhost" },
        port: { type: "string" },
        tls: { type: "boolean" },
        "ca-file": { type: "string" },
        url: { type: "string" },
        "no-reconnect": { type: "boolean" },
        "history-size": { type: "string", default: "1000" },
        help: { type: "boolean" },
      },
    }).values;
  } catch (e) {
    throw new UsageError((e as Error).message.split("\n")[0]);
  }
  const port = Number(v.port ?? (v.tls ? 1112 : 1111));
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`--port must be a port number, not ${v.port}`);
  }
  const historySize = Number(v["history-size"]);
  if (!Number.isInteger(historySize) || historySize < 0) {
    throw new UsageError(`--history-size must be a whole number, not ${v["history-size"]}`);
  }
  return {
    username: v.username,
    askPassword: v.password ?? false,
    host: v.host,
    port,
    tls: v.tls ?? false,
    caFile: v["ca-file"],
    url: v.url,
    reconnect: !v["no-reconnect"],
    historySize,
    help: v.help ?? false,
  };
}

/** An environment variable, or undefined where it is unset or not permitted (no prompt). */
export function env(name: string): string | undefined {
  if (Deno.permissions.querySync({ name: "env", variable: name }).state !== "granted") {
    return undefined;
  }
  return Deno.env.get(name);
}
