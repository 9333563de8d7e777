/**
 * Options of the listeners: where the server accepts TCP, WebSocket and
 * IRC connections, and the public URL of its link payloads.
 *
 * @example
 * ```ts
 * import { LISTENER_OPTIONS } from "./listeners.ts";
 * LISTENER_OPTIONS.options.map((s) => s.flag); // ["hostname", "port", …]
 * ```
 *
 * @module
 */
import { type OptionGroup, PORT_MAX } from "./spec.ts";

/** Where the server listens. None can change without a restart but `--ws-origin`. */
export const LISTENER_OPTIONS = {
  title: "Listeners",
  options: [
    {
      flag: "hostname",
      key: "hostname",
      kind: "string",
      default: "0.0.0.0",
      live: false,
      help: "Address the TCP listener binds.",
    },
    {
      flag: "port",
      key: "port",
      kind: "int",
      min: 0,
      max: PORT_MAX,
      default: 1111,
      live: false,
      help: "TCP port; 0 picks a free one.",
    },
    {
      flag: "ws-port",
      key: "wsPort",
      kind: "int",
      min: 0,
      max: PORT_MAX,
      default: 1113,
      live: false,
      help: "WebSocket port; 0 disables WebSocket.",
    },
    {
      flag: "ws-hostname",
      key: "wsHostname",
      kind: "string",
      default: "0.0.0.0",
      live: false,
      help: "Address the WebSocket listener binds.",
    },
    {
      flag: "ws-path",
      key: "wsPath",
      kind: "string",
      default: "/",
      live: false,
      help: "URL path that accepts WebSocket upgrades.",
    },
    {
      flag: "ws-origin",
      key: "wsOrigin",
      kind: "list",
      default: [],
      shown: "own origins",
      live: true, // checked on each upgrade
      help:
        "Comma-separated origins browser pages may connect from besides the server's own (the host a page reached it by, --link-url's); any: every origin.",
    },
    {
      flag: "tls-cert",
      key: "tlsCert",
      kind: "string",
      default: "",
      shown: '"" (no TLS)',
      live: false, // re-read on SIGHUP, but turning TLS on or off needs a restart
      help:
        "PEM certificate chain file; with --tls-key turns on Lichat over TLS and WebSocket over TLS. Re-read on SIGHUP.",
    },
    {
      flag: "tls-key",
      key: "tlsKey",
      kind: "string",
      default: "",
      shown: '"" (no TLS)',
      live: false,
      help: "PEM private key file of --tls-cert. Re-read on SIGHUP.",
    },
    {
      flag: "tls-port",
      key: "tlsPort",
      kind: "int",
      min: 0,
      max: PORT_MAX,
      default: 1112,
      live: false,
      help: "Port of Lichat over TLS (on --hostname), with --tls-cert; 0 picks a free one.",
    },
    {
      flag: "wss-port",
      key: "wssPort",
      kind: "int",
      min: 0,
      max: PORT_MAX,
      default: 1114,
      live: false,
      help:
        "Port of WebSocket over TLS (on --ws-hostname), with --tls-cert and --ws-port; 0 picks a free one.",
    },
    {
      flag: "trusted-proxies",
      key: "trustedProxies",
      kind: "list",
      default: [],
      shown: "none",
      live: false,
      help:
        "Comma-separated address ranges (CIDR) of proxies believed about client addresses: their TCP and TLS connections must start with a PROXY header (v1 or v2); their WebSocket upgrades' Forwarded or X-Forwarded-For are read.",
    },
    {
      flag: "irc-port",
      key: "ircPort",
      kind: "int",
      min: 0,
      max: PORT_MAX,
      default: 0,
      shown: "0 (off)",
      live: false,
      help: "IRC gateway port (on --hostname); 0 disables it.",
    },
    {
      flag: "ircs-port",
      key: "ircsPort",
      kind: "int",
      min: 0,
      max: PORT_MAX,
      default: 0,
      shown: "0 (off)",
      live: false,
      help:
        "IRC gateway over TLS port (on --hostname; IRC's usual is 6697), with --tls-cert; 0 disables it.",
    },
    {
      flag: "link-url",
      key: "linkUrl",
      kind: "string",
      default: "",
      shown: '"" (off)',
      live: false, // turns the link store on or off, and handed-out links carry it
      help:
        "Public URL the WebSocket listener's /link/ path is reached at; turns data updates into links (shirakumo-link).",
    },
    {
      flag: "metrics-port",
      key: "metricsPort",
      kind: "int",
      min: 0,
      max: PORT_MAX,
      default: 0,
      shown: "0 (off)",
      live: false,
      help: "HTTP port serving /health and /metrics (Prometheus text); 0 turns it off.",
    },
    {
      flag: "metrics-hostname",
      key: "metricsHostname",
      kind: "string",
      default: "127.0.0.1",
      live: false,
      help: "Address the metrics listener binds; the metrics are for the operator, not the public.",
    },
  ],
} as const satisfies OptionGroup;
