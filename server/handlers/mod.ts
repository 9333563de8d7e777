/**
 * The handler table: one handler per update class, one module per concern.
 *
 * @module
 */
import type { Handler } from "../context.ts";
import { join, kick, leave, message, pull } from "./channel.ts";
import { backfill } from "./backfill.ts";
import { block, blocked, unblock } from "./block.ts";
import { bridge } from "./bridge.ts";
import { ipBan, ipBlacklist, ipUnban } from "./ip.ts";
import { emote, emotes } from "./emotes.ts";
import { assignRole, deleteRole, removeRole, role, roles } from "./roles.ts";
import { search } from "./history.ts";
import {
  assumeIdentity,
  listSharedIdentities,
  shareIdentity,
  unshareIdentity,
} from "./identity.ts";
import { channelInfo, setChannelInfo } from "./channel_info.ts";
import { create } from "./create.ts";
import { ban, blacklist, destroy, kill, unban } from "./management.ts";
import { data } from "./data.ts";
import { capabilities, channels, serverInfo, userInfo, users } from "./info.ts";
import { deny, grant, permissions } from "./permissions.ts";
import { pause, quiet, quieted, unquiet } from "./moderation.ts";
import { lastRead } from "./last_read.ts";
import { react } from "./react.ts";
import { setUserInfo } from "./user_info.ts";
import { register } from "./register.ts";
import { disconnect, ping, pong } from "./session.ts";
import { HANDLED_TYPES } from "./types.ts";
import { typing } from "./typing.ts";

/** Handlers by update class; `connect` is handled by the actor before the checks. */
export const HANDLERS: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  ["disconnect", disconnect],
  ["ping", ping],
  ["pong", pong],
  ["register", register],
  ["create", create],
  ["join", join],
  ["leave", leave],
  ["pull", pull],
  ["kick", kick],
  ["message", message],
  ["permissions", permissions],
  ["grant", grant],
  ["deny", deny],
  ["channels", channels],
  ["users", users],
  ["user-info", userInfo],
  ["capabilities", capabilities],
  ["server-info", serverInfo],
  ["shirakumo:data", data],
  ["shirakumo:backfill", backfill],
  ["shirakumo:typing", typing],
  // shirakumo.mess §4: an edit is a message to the server; clients apply it.
  ["shirakumo:edit", message],
  ["shirakumo:pause", pause],
  ["shirakumo:quiet", quiet],
  ["shirakumo:unquiet", unquiet],
  ["shirakumo:quieted", quieted],
  ["shirakumo:channel-info", channelInfo],
  ["shirakumo:set-channel-info", setChannelInfo],
  ["shirakumo:kill", kill],
  ["shirakumo:destroy", destroy],
  ["shirakumo:ban", ban],
  ["shirakumo:unban", unban],
  ["shirakumo:blacklist", blacklist],
  ["shirakumo:react", react],
  ["shirakumo:last-read", lastRead],
  ["shirakumo:set-user-info", setUserInfo],
  ["shirakumo:block", block],
  ["shirakumo:unblock", unblock],
  ["shirakumo:blocked", blocked],
  ["shirakumo:bridge", bridge],
  ["shirakumo:ip-ban", ipBan],
  ["shirakumo:ip-unban", ipUnban],
  ["shirakumo:ip-blacklist", ipBlacklist],
  ["shirakumo:emotes", emotes],
  ["shirakumo:emote", emote],
  ["shirakumo:share-identity", shareIdentity],
  ["shirakumo:unshare-identity", unshareIdentity],
  ["shirakumo:list-shared-identities", listSharedIdentities],
  ["shirakumo:assume-identity", assumeIdentity],
  ["shirakumo:role", role],
  ["shirakumo:delete-role", deleteRole],
  ["shirakumo:assign-role", assignRole],
  ["shirakumo:remove-role", removeRole],
  ["shirakumo:roles", roles],
  ["shirakumo:search", search],
]);

/** The extensions the server implements, announced in `connect` replies. */
export const SUPPORTED_EXTENSIONS: readonly string[] = [
  "shirakumo-data",
  "shirakumo-backfill",
  "shirakumo-typing",
  "shirakumo-edit",
  "shirakumo-pause",
  "shirakumo-quiet",
  "shirakumo-channel-info",
  "shirakumo-server-management",
  "shirakumo-reactions",
  "shirakumo-last-read",
  "shirakumo-user-info",
  "shirakumo-block",
  "shirakumo-icons",
  "shirakumo-sign",
  "shirakumo-bridge",
  "shirakumo-channel-trees",
  "shirakumo-ip",
  "shirakumo-emotes",
  "shirakumo-otp",
  "shirakumo-shared-identity",
  "shirakumo-roles",
  "shirakumo-history",
  // Only with --link-url (StateActor drops it otherwise).
  "shirakumo-link",
  // The names the definitions (emote) and lichat-js (icon) use.
  "shirakumo-emote",
  "shirakumo-icon",
  // These only add fields, which travel with the updates as they are.
  "shirakumo-replies",
  "shirakumo-markup",
];

// Every listed type but connect has a handler; a mismatch is a bug caught at load.
for (const t of HANDLED_TYPES) {
  if (t !== "connect" && !HANDLERS.has(t)) throw new Error(`no handler for ${t}`);
}
