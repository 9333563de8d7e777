/**
 * Every option of the server, its default and its documentation, in one place.
 *
 * The names and defaults of Shirakumo's lichat-tcp-server are kept unless a
 * comment says why not. `--help` and the README's option table are both made
 * from {@linkcode OPTION_SPECS}.
 *
 * @example
 * ```ts
 * import { parseOptions } from "./options.ts";
 * const opts = parseOptions(["--port", "2222"]); // { port: 2222, … }
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";

/** The server's settings. */
export interface ServerOptions {
  /** Name of the server's own user and of the primary channel. */
  name: string;
  /** Address the TCP listener binds. */
  hostname: string;
  /** TCP port (0 picks a free one). */
  port: number;
  /** Seconds of silence after which the server pings a connection. */
  pingInterval: number;
  /** Seconds of silence after which a connection is dropped. */
  idleTimeout: number;
  /** Seconds a connection has to complete the handshake. */
  handshakeTimeout: number;
  /** Seconds a closing connection's last write may take before the socket is closed anyway. */
  closeTimeout: number;
  /** Secret mixed into every password hash. */
  salt: string;
  /** PBKDF2 iterations for new password hashes. */
  hashIterations: number;
  /** Length in seconds of the flood-control window. */
  floodFrame: number;
  /** Updates a connection may send per window. */
  floodLimit: number;
  /** Connections the server holds at most, over all transports. */
  connectionLimit: number;
  /** Connections one user may have at most. */
  maxConnectionsPerUser: number;
  /** Channels one user may inhabit at most, the primary one included. */
  maxChannelsPerUser: number;
  /** Emotes one channel may hold (shirakumo-emotes). */
  maxEmotes: number;
  /** Largest emote image, in bytes of base64 (shirakumo-emotes). */
  maxEmoteSize: number;
  /** Identity keys one profile may lend out at once (shirakumo-shared-identity). */
  maxIdentityShares: number;
  /** Messages each channel keeps for shirakumo-history's search; 0 keeps none. */
  history: number;
  /** Most results one search returns (at least 50, §18). */
  searchResults: number;
  /** Public URL prefix of link payloads (shirakumo-link); empty leaves data as data. */
  linkUrl: string;
  /** Bytes of link payloads kept at most. */
  linkStorage: number;
  /** Largest update in bytes of UTF-8, NUL excluded. */
  maxUpdateSize: number;
  /** Deepest list nesting an update may have. */
  maxDepth: number;
  /** Most elements one list of an update may have. */
  maxElements: number;
  /** Updates waiting to be written to one connection before it is dropped. */
  maxQueue: number;
  /** Parser worker threads; 0 parses on the main isolate. */
  workers: number;
  /** Log threshold. */
  logLevel: LogLevel;
  /** Largest clock difference in seconds before `clock-skewed`; 0 disables the check. */
  clockSkew: number;
  /** Days a profile lives without being used (§2.3, at least 30). */
  profileLifetime: number;
  /** Days an empty regular channel lives. */
  channelLifetime: number;
  /** WebSocket port; 0 disables the WebSocket listener. */
  wsPort: number;
  /** Address the WebSocket listener binds. */
  wsHostname: string;
  /** URL path the WebSocket listener answers on. */
  wsPath: string;
  /** Origins browsers may connect from; empty allows any. */
  wsOrigin: string[];
  /** The welcome message sent after the handshake (§4.1 step 14). */
  motd: string;
  /** Updates each channel keeps for shirakumo-backfill; 0 keeps none. */
  backlog: number;
  /** SQLite file for profiles and channels; empty keeps them in memory. */
  database: string;
  /** Users given the primary channel's registrant rights (kill, ban, destroy, grant, …). */
  admins: string[];
  /** Content types `shirakumo:data` accepts (`image/*` patterns); empty accepts any. */
  dataContentTypes: string[];
}

/** LogTape's levels, as `--log-level` takes them. */
export type LogLevel = "trace" | "debug" | "info" | "warning" | "error" | "fatal";

const LOG_LEVELS: readonly LogLevel[] = ["trace", "debug", "info", "warning", "error", "fatal"];

type Kind = "string" | "int" | "list" | "level";

/** One option: its flag, the key it sets, its type, default and help text. */
export interface OptionSpec {
  /** The long flag without dashes. */
  readonly flag: string;
  /** The field of {@linkcode ServerOptions} it sets. */
  readonly key: keyof ServerOptions;
  /** How the value is parsed and checked. */
  readonly kind: Kind;
  /** Smallest allowed value, for integers. */
  readonly min?: number;
  /** The default, as `--help` prints it. */
  readonly shownDefault: string;
  /** What the option does. */
  readonly help: string;
}

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

/** The defaults. */
export function defaultOptions(): ServerOptions {
  return {
    name: defaultName(),
    hostname: "0.0.0.0",
    port: 1111,
    pingInterval: 60,
    idleTimeout: 120,
    handshakeTimeout: 10,
    closeTimeout: 1,
    salt: "",
    hashIterations: 600000,
    floodFrame: 30,
    floodLimit: 40,
    // The original's 100 is too low for a real deployment.
    connectionLimit: 10000,
    maxConnectionsPerUser: 20,
    maxChannelsPerUser: 200,
    maxEmotes: 500,
    maxEmoteSize: 262144,
    maxIdentityShares: 20,
    history: 1000,
    searchResults: 50,
    linkUrl: "",
    linkStorage: 67108864,
    maxUpdateSize: 1048576,
    maxDepth: 32,
    maxElements: 4096,
    maxQueue: 4096,
    // One core stays with the main isolate, which owns every socket and the
    // state actor: on 2 cores, 2 workers measured 27 % slower on fan-out than 1.
    workers: Math.max(1, (navigator.hardwareConcurrency || 2) - 1),
    logLevel: "info",
    clockSkew: 0,
    profileLifetime: 365,
    channelLifetime: 60,
    wsPort: 1113,
    wsHostname: "0.0.0.0",
    wsPath: "/",
    wsOrigin: [],
    motd: "Welcome to Lichat.",
    backlog: 100,
    database: "",
    admins: [],
    dataContentTypes: [
      "image/*",
      "audio/*",
      "video/*",
      "text/plain",
      "application/pdf",
      "application/octet-stream",
    ],
  };
}

/** Every option, in `--help` order. */
export const OPTION_SPECS: readonly OptionSpec[] = [
  {
    flag: "name",
    key: "name",
    kind: "string",
    shownDefault: "the host name, or Lichat",
    help: "Name of the server's user and of the primary channel.",
  },
  {
    flag: "hostname",
    key: "hostname",
    kind: "string",
    shownDefault: "0.0.0.0",
    help: "Address the TCP listener binds.",
  },
  {
    flag: "port",
    key: "port",
    kind: "int",
    min: 0,
    shownDefault: "1111",
    help: "TCP port; 0 picks a free one.",
  },
  {
    flag: "ws-port",
    key: "wsPort",
    kind: "int",
    min: 0,
    shownDefault: "1113",
    help: "WebSocket port; 0 disables WebSocket.",
  },
  {
    flag: "ws-hostname",
    key: "wsHostname",
    kind: "string",
    shownDefault: "0.0.0.0",
    help: "Address the WebSocket listener binds.",
  },
  {
    flag: "ws-path",
    key: "wsPath",
    kind: "string",
    shownDefault: "/",
    help: "URL path that accepts WebSocket upgrades.",
  },
  {
    flag: "ws-origin",
    key: "wsOrigin",
    kind: "list",
    shownDefault: "any",
    help: "Comma-separated origins browsers may connect from.",
  },
  {
    flag: "ping-interval",
    key: "pingInterval",
    kind: "int",
    min: 1,
    shownDefault: "60",
    help: "Seconds of silence before the server pings (§4.2: at most 60).",
  },
  {
    flag: "idle-timeout",
    key: "idleTimeout",
    kind: "int",
    min: 1,
    shownDefault: "120",
    help: "Seconds of silence before a connection is dropped with connection-unstable.",
  },
  {
    flag: "handshake-timeout",
    key: "handshakeTimeout",
    kind: "int",
    min: 1,
    shownDefault: "10",
    help: "Seconds a new connection has to send its connect update.",
  },
  {
    flag: "close-timeout",
    key: "closeTimeout",
    kind: "int",
    min: 1,
    shownDefault: "1",
    help:
      "Seconds a closing connection's last updates may take to be written before the socket is closed.",
  },
  {
    flag: "salt",
    key: "salt",
    kind: "string",
    shownDefault: '""',
    help: "Secret mixed into every password hash.",
  },
  {
    flag: "hash-iterations",
    key: "hashIterations",
    kind: "int",
    min: 1000,
    shownDefault: "600000",
    help: "PBKDF2-SHA-256 iterations for new password hashes.",
  },
  {
    flag: "flood-frame",
    key: "floodFrame",
    kind: "int",
    min: 1,
    shownDefault: "30",
    help: "Seconds of the flood-control window.",
  },
  {
    flag: "flood-limit",
    key: "floodLimit",
    kind: "int",
    min: 1,
    shownDefault: "40",
    help: "Updates a connection may send per window before too-many-updates.",
  },
  {
    flag: "connection-limit",
    key: "connectionLimit",
    kind: "int",
    min: 1,
    shownDefault: "10000",
    help: "Connections the server holds at most (TCP and WebSocket together).",
  },
  {
    flag: "max-connections-per-user",
    key: "maxConnectionsPerUser",
    kind: "int",
    min: 1,
    shownDefault: "20",
    help: "Connections one user may have at once.",
  },
  {
    flag: "max-channels-per-user",
    key: "maxChannelsPerUser",
    kind: "int",
    min: 1,
    shownDefault: "200",
    help: "Channels one user may inhabit, the primary one included.",
  },
  {
    flag: "max-emotes",
    key: "maxEmotes",
    kind: "int",
    min: 0,
    shownDefault: "500",
    help: "Emotes one channel may hold (shirakumo-emotes).",
  },
  {
    flag: "max-emote-size",
    key: "maxEmoteSize",
    kind: "int",
    min: 1,
    shownDefault: "262144",
    help: "Largest emote image, in bytes of base64.",
  },
  {
    flag: "max-identity-shares",
    key: "maxIdentityShares",
    kind: "int",
    min: 0,
    shownDefault: "20",
    help: "Identity keys one profile may lend out at once (shirakumo-shared-identity).",
  },
  {
    flag: "history",
    key: "history",
    kind: "int",
    min: 0,
    shownDefault: "1000",
    help: "Messages each channel keeps in memory for search (shirakumo-history); 0 keeps none.",
  },
  {
    flag: "search-results",
    key: "searchResults",
    kind: "int",
    min: 50,
    shownDefault: "50",
    help: "Most results one search returns.",
  },
  {
    flag: "link-url",
    key: "linkUrl",
    kind: "string",
    shownDefault: '"" (off)',
    help:
      "Public URL the WebSocket listener's /link/ path is reached at; turns data updates into links (shirakumo-link).",
  },
  {
    flag: "link-storage",
    key: "linkStorage",
    kind: "int",
    min: 1,
    shownDefault: "67108864",
    help: "Bytes of link payloads kept in memory; the oldest go first.",
  },
  {
    flag: "max-update-size",
    key: "maxUpdateSize",
    kind: "int",
    min: 64,
    shownDefault: "1048576",
    help: "Largest update in bytes; larger ones get update-too-long.",
  },
  {
    flag: "max-depth",
    key: "maxDepth",
    kind: "int",
    min: 2,
    shownDefault: "32",
    help: "Deepest list nesting an update may have.",
  },
  {
    flag: "max-elements",
    key: "maxElements",
    kind: "int",
    min: 4,
    shownDefault: "4096",
    help: "Most elements in one list of an update.",
  },
  {
    flag: "max-queue",
    key: "maxQueue",
    kind: "int",
    min: 1,
    shownDefault: "4096",
    help: "Updates queued for a slow reader before it is dropped.",
  },
  {
    flag: "workers",
    key: "workers",
    kind: "int",
    min: 0,
    shownDefault: "cores − 1 (at least 1)",
    help: "Parser worker threads; 0 parses on the main isolate.",
  },
  {
    flag: "clock-skew",
    key: "clockSkew",
    kind: "int",
    min: 0,
    shownDefault: "0 (off)",
    help: "Seconds an update's clock may differ before clock-skewed.",
  },
  {
    flag: "profile-lifetime",
    key: "profileLifetime",
    kind: "int",
    min: 30,
    shownDefault: "365",
    help: "Days an unused profile is kept (the spec requires at least 30).",
  },
  {
    flag: "channel-lifetime",
    key: "channelLifetime",
    kind: "int",
    min: 1,
    shownDefault: "60",
    help: "Days an empty regular channel is kept.",
  },
  {
    flag: "backlog",
    key: "backlog",
    kind: "int",
    min: 0,
    shownDefault: "100",
    help: "Updates each channel keeps for shirakumo-backfill; 0 keeps none.",
  },
  {
    flag: "admins",
    key: "admins",
    kind: "list",
    shownDefault: "none",
    help:
      "Comma-separated users given the server's rights in the primary channel: kill, ban, destroy, grant, …",
  },
  {
    flag: "database",
    key: "database",
    kind: "string",
    shownDefault: '"" (in memory)',
    help:
      "SQLite file keeping profiles and channels across restarts; needs --allow-read and --allow-write for it.",
  },
  {
    flag: "data-content-types",
    key: "dataContentTypes",
    kind: "list",
    shownDefault: "image/*,audio/*,video/*,text/plain,application/pdf,application/octet-stream",
    help: "Comma-separated content types shirakumo-data accepts; an empty value accepts any.",
  },
  {
    flag: "motd",
    key: "motd",
    kind: "string",
    shownDefault: "Welcome to Lichat.",
    help: "Welcome message sent after the handshake.",
  },
  {
    flag: "log-level",
    key: "logLevel",
    kind: "level",
    shownDefault: "info",
    help: "One of trace, debug, info, warning, error, fatal.",
  },
];

/** A bad command line: its message is one line for the user. */
export class OptionError extends Error {
  /** Make an error with a one-line message. */
  constructor(message: string) {
    super(message);
    this.name = "OptionError";
  }
}

/** The `--help` text. */
export function helpText(): string {
  const lines = [
    "Usage: deno run --allow-net main.ts [options]",
    "",
    "A Lichat server (TCP and WebSocket). Options:",
    "",
  ];
  for (const s of OPTION_SPECS) {
    lines.push(
      `  --${s.flag}${
        s.kind === "string" || s.kind === "list" ? " TEXT" : s.kind === "int" ? " N" : " LEVEL"
      }`,
    );
    lines.push(`      ${s.help} Default: ${s.shownDefault}.`);
  }
  lines.push("  --help", "      Print this text and exit.");
  return lines.join("\n");
}

/**
 * Parse a command line into options; throws {@linkcode OptionError} for an
 * unknown flag or a bad value. Returns `"help"` for `--help`.
 */
export function parseOptions(args: readonly string[]): ServerOptions | "help" {
  const config: Record<string, { type: "string" | "boolean" }> = { help: { type: "boolean" } };
  for (const s of OPTION_SPECS) config[s.flag] = { type: "string" };
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: config, allowPositionals: false, strict: true });
  } catch (e) {
    throw new OptionError((e as Error).message.split("\n")[0]);
  }
  if (parsed.values.help) return "help";
  const opts = defaultOptions() as unknown as Record<string, unknown>;
  for (const s of OPTION_SPECS) {
    const raw = parsed.values[s.flag];
    if (typeof raw !== "string") continue;
    opts[s.key] = convert(s, raw);
  }
  const result = opts as unknown as ServerOptions;
  if (result.idleTimeout <= result.pingInterval) {
    throw new OptionError("--idle-timeout must be longer than --ping-interval");
  }
  return result;
}

function convert(s: OptionSpec, raw: string): unknown {
  switch (s.kind) {
    case "string":
      return raw;
    case "list":
      return raw.split(",").map((x) => x.trim()).filter((x) => x.length > 0);
    case "level":
      if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
        throw new OptionError(`--${s.flag} must be one of ${LOG_LEVELS.join(", ")}, not "${raw}"`);
      }
      return raw;
    case "int": {
      if (!/^\d+$/.test(raw)) {
        throw new OptionError(`--${s.flag} needs a whole number, not "${raw}"`);
      }
      const n = Number(raw);
      if (!Number.isSafeInteger(n) || n < (s.min ?? 0)) {
        throw new OptionError(`--${s.flag} must be at least ${s.min ?? 0}, not ${raw}`);
      }
      if (s.flag.endsWith("port") && n > 65535) {
        throw new OptionError(`--${s.flag} must be at most 65535, not ${raw}`);
      }
      return n;
    }
  }
}
