/**
 * Options of each connection: its timeouts, flood control, the size of what
 * it may send and queue, and the threads that parse its updates.
 *
 * @example
 * ```ts
 * import { CONNECTION_OPTIONS } from "./connections.ts";
 * CONNECTION_OPTIONS.options.find((s) => s.key === "idleTimeout")?.longerThan; // "pingInterval"
 * ```
 *
 * @module
 */
import type { OptionGroup } from "./spec.ts";

function defaultWorkers(): number {
  // One core stays with the main isolate, which owns every socket and the
  // state actor: on 2 cores, 2 workers measured 27 % slower on fan-out than 1.
  return Math.max(1, (navigator.hardwareConcurrency || 2) - 1);
}

/** How connections are kept, limited and parsed. Limits and timeouts are live. */
export const CONNECTION_OPTIONS = {
  title: "Connections",
  options: [
    {
      flag: "ping-interval",
      key: "pingInterval",
      kind: "int",
      min: 1,
      default: 60,
      live: true,
      help: "Seconds of silence before the server pings (§4.2: at most 60).",
    },
    {
      flag: "idle-timeout",
      key: "idleTimeout",
      kind: "int",
      min: 1,
      longerThan: "pingInterval",
      default: 120,
      live: true,
      help: "Seconds of silence before a connection is dropped with connection-unstable.",
    },
    {
      flag: "handshake-timeout",
      key: "handshakeTimeout",
      kind: "int",
      min: 1,
      default: 10,
      live: true,
      help: "Seconds a new connection has to send its connect update.",
    },
    {
      flag: "close-timeout",
      key: "closeTimeout",
      kind: "int",
      min: 1,
      default: 1,
      live: true,
      help:
        "Seconds a closing connection's last updates may take to be written before the socket is closed.",
    },
    {
      flag: "connection-limit",
      key: "connectionLimit",
      kind: "int",
      min: 1,
      // The original's 100 is too low for a real deployment.
      default: 10000,
      live: true,
      help: "Connections the server holds at most (TCP and WebSocket together).",
    },
    {
      flag: "max-connections-per-user",
      key: "maxConnectionsPerUser",
      kind: "int",
      min: 1,
      default: 20,
      live: true,
      help: "Connections one user may have at once.",
    },
    {
      flag: "flood-frame",
      key: "floodFrame",
      kind: "int",
      min: 1,
      default: 30,
      live: true,
      help: "Seconds of the flood-control window.",
    },
    {
      flag: "flood-limit",
      key: "floodLimit",
      kind: "int",
      min: 1,
      default: 40,
      live: true,
      help: "Updates a connection may send per window before too-many-updates.",
    },
    {
      flag: "max-update-size",
      key: "maxUpdateSize",
      kind: "int",
      min: 64,
      default: 1048576,
      live: true,
      help: "Largest update in bytes; larger ones get update-too-long.",
    },
    {
      flag: "max-depth",
      key: "maxDepth",
      kind: "int",
      min: 2,
      default: 32,
      live: true,
      help: "Deepest list nesting an update may have.",
    },
    {
      flag: "max-elements",
      key: "maxElements",
      kind: "int",
      min: 4,
      default: 4096,
      live: true,
      help: "Most elements in one list of an update.",
    },
    {
      flag: "irc-max-line",
      key: "ircMaxLine",
      kind: "int",
      min: 512,
      default: 8703,
      live: true,
      help: "Longest IRC line in bytes, tags included (IRCv3: 8191 + 512); longer ones get 417.",
    },
    {
      flag: "max-queue",
      key: "maxQueue",
      kind: "int",
      min: 1,
      default: 4096,
      live: true,
      help: "Updates queued for a slow reader before it is dropped.",
    },
    {
      flag: "clock-skew",
      key: "clockSkew",
      kind: "int",
      min: 0,
      default: 0,
      shown: "0 (off)",
      live: true,
      help: "Seconds an update's clock may differ before clock-skewed.",
    },
    {
      flag: "workers",
      key: "workers",
      kind: "int",
      min: 0,
      default: defaultWorkers,
      shown: "cores − 1 (at least 1)",
      live: false,
      help: "Parser worker threads; 0 parses on the main isolate.",
    },
  ],
} as const satisfies OptionGroup;
