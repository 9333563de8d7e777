/**
 * Options of the server as a whole: its name, who administers it, the welcome
 * message, passwords, how long profiles and channels live, where they are
 * kept, and logging.
 *
 * @example
 * ```ts
 * import { ACCOUNT_OPTIONS } from "./accounts.ts";
 * ACCOUNT_OPTIONS.options.find((s) => s.flag === "salt")?.live; // false
 * ```
 *
 * @module
 */
import { LOG_LEVELS, type OptionGroup } from "./spec.ts";

function defaultName(): string {
  // The original names the server after the host. Reading the host name needs
  // --allow-sys, which `deno run --allow-net main.ts` does not grant; asking
  // first keeps Deno from prompting for it in a terminal.
  try {
    if (Deno.permissions.querySync({ name: "sys", kind: "hostname" }).state !== "granted") {
      return "Lichat";
    }
    return Deno.hostname() || "Lichat";
  } catch {
    return "Lichat";
  }
}

/** The server's identity, accounts, storage and logs. */
export const ACCOUNT_OPTIONS = {
  title: "Server, accounts and storage",
  options: [
    {
      flag: "name",
      key: "name",
      kind: "string",
      default: defaultName,
      shown: "the host name, or Lichat",
      live: false, // the server's user and the primary channel are named by it
      help: "Name of the server's user and of the primary channel.",
    },
    {
      flag: "admins",
      key: "admins",
      kind: "list",
      default: [],
      shown: "none",
      live: true, // a reload grants and takes back the rights
      help:
        "Comma-separated registered users given the server's rights in the primary channel (kill, ban, destroy, grant, server-info, …) while logged in with their password.",
    },
    {
      flag: "motd",
      key: "motd",
      kind: "string",
      default: "Welcome to Lichat.",
      live: true,
      help: "Welcome message sent after the handshake.",
    },
    {
      flag: "salt",
      key: "salt",
      kind: "string",
      default: "",
      live: false, // every stored password hash was made with it
      help: "Secret mixed into every password hash.",
    },
    {
      flag: "hash-iterations",
      key: "hashIterations",
      kind: "int",
      min: 1000,
      default: 600000,
      live: true, // new hashes only; each stored hash names its own count
      help: "PBKDF2-SHA-256 iterations for new password hashes.",
    },
    {
      flag: "profile-lifetime",
      key: "profileLifetime",
      kind: "int",
      min: 30,
      default: 365,
      live: true,
      help: "Days an unused profile is kept (§2.3 asks for 30 at least).",
    },
    {
      flag: "channel-lifetime",
      key: "channelLifetime",
      kind: "int",
      min: 1,
      default: 60,
      live: true,
      help: "Days an empty regular channel is kept.",
    },
    {
      flag: "database",
      key: "database",
      kind: "string",
      default: "",
      shown: '"" (in memory)',
      live: false,
      help:
        "SQLite file keeping profiles and channels across restarts; needs --allow-read and --allow-write for it.",
    },
    {
      flag: "log-level",
      key: "logLevel",
      kind: "level",
      default: "info",
      live: true,
      help: `One of ${LOG_LEVELS.join(", ")}.`,
    },
    {
      flag: "log-format",
      key: "logFormat",
      kind: "string",
      choices: ["text", "json"],
      default: "text",
      live: true,
      help: "Log lines as text, or as JSON objects one per line (for log shippers).",
    },
  ],
} as const satisfies OptionGroup;
