/**
 * The update classes this server handles, in the order `capabilities` lists
 * them. Kept apart from the handler table so handlers can import it.
 *
 * @module
 */

/** Every update class with a handler. */
export const HANDLED_TYPES: readonly string[] = [
  "connect",
  "disconnect",
  "ping",
  "pong",
  "register",
  "create",
  "join",
  "leave",
  "pull",
  "kick",
  "message",
  "permissions",
  "grant",
  "deny",
  "channels",
  "users",
  "user-info",
  "capabilities",
  "server-info",
  "shirakumo:data",
  "shirakumo:backfill",
  "shirakumo:typing",
  "shirakumo:edit",
  "shirakumo:pause",
  "shirakumo:quiet",
  "shirakumo:unquiet",
  "shirakumo:quieted",
  "shirakumo:channel-info",
  "shirakumo:set-channel-info",
  "shirakumo:kill",
  "shirakumo:destroy",
  "shirakumo:ban",
  "shirakumo:unban",
  "shirakumo:blacklist",
  "shirakumo:react",
  "shirakumo:last-read",
  "shirakumo:set-user-info",
  "shirakumo:block",
  "shirakumo:unblock",
  "shirakumo:blocked",
  "shirakumo:bridge",
  "shirakumo:ip-ban",
  "shirakumo:ip-unban",
  "shirakumo:ip-blacklist",
];
