/**
 * Options of channels and the extensions that keep things in them: how many
 * channels a user may join, backlog and history, emotes, identity shares,
 * link payloads and data's content types.
 *
 * @example
 * ```ts
 * import { CHANNEL_OPTIONS } from "./channels.ts";
 * CHANNEL_OPTIONS.options.find((s) => s.flag === "backlog")?.default; // 100
 * ```
 *
 * @module
 */
import type { OptionGroup } from "./spec.ts";

/** What channels and their extensions keep. All of them are live. */
export const CHANNEL_OPTIONS = {
  title: "Channels and extensions",
  options: [
    {
      flag: "max-channels-per-user",
      key: "maxChannelsPerUser",
      kind: "int",
      min: 1,
      default: 200,
      live: true,
      help: "Channels one user may inhabit, the primary one included.",
    },
    {
      flag: "backlog",
      key: "backlog",
      kind: "int",
      min: 0,
      default: 100,
      live: true, // each channel trims to it as updates come
      help:
        "Updates each channel keeps in memory for shirakumo-backfill (with --database: the most one backfill sends); 0 keeps none.",
    },
    {
      flag: "history",
      key: "history",
      kind: "int",
      min: 0,
      default: 1000,
      live: true, // each channel trims to it as messages come
      help:
        "Messages each channel keeps in memory for search (shirakumo-history) without --database; 0 keeps none.",
    },
    {
      flag: "history-days",
      key: "historyDays",
      kind: "int",
      min: 0,
      default: 0,
      shown: "0 (forever)",
      live: true, // the next retention pass uses it
      help: "With --database: days a channel's updates are kept; 0 keeps them forever.",
    },
    {
      flag: "history-per-channel",
      key: "historyPerChannel",
      kind: "int",
      min: 0,
      default: 0,
      shown: "0 (no limit)",
      live: true,
      help: "With --database: updates kept per channel, the oldest dropped first; 0 keeps all.",
    },
    {
      flag: "search-results",
      key: "searchResults",
      kind: "int",
      min: 50,
      default: 50,
      live: true,
      help: "Most results one search returns.",
    },
    {
      flag: "max-emotes",
      key: "maxEmotes",
      kind: "int",
      min: 0,
      default: 500,
      live: true,
      help: "Emotes one channel may hold (shirakumo-emotes).",
    },
    {
      flag: "max-emote-size",
      key: "maxEmoteSize",
      kind: "int",
      min: 1,
      default: 262144,
      live: true,
      help: "Largest emote image, in bytes of base64.",
    },
    {
      flag: "max-identity-shares",
      key: "maxIdentityShares",
      kind: "int",
      min: 0,
      default: 20,
      live: true,
      help: "Identity keys one profile may lend out at once (shirakumo-shared-identity).",
    },
    {
      flag: "link-storage",
      key: "linkStorage",
      kind: "int",
      min: 1,
      default: 67108864,
      live: true, // a smaller store drops its oldest payloads
      help: "Bytes of link payloads kept in memory; the oldest go first.",
    },
    {
      flag: "data-content-types",
      key: "dataContentTypes",
      kind: "list",
      default: [
        "image/*",
        "audio/*",
        "video/*",
        "text/plain",
        "application/pdf",
        "application/octet-stream",
      ],
      live: true,
      help: "Comma-separated content types shirakumo-data accepts; an empty value accepts any.",
    },
  ],
} as const satisfies OptionGroup;
