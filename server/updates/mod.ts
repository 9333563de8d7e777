/**
 * The core protocol (lichat.mess): its updates and their default rules,
 * declared as the first entry of the extension list. `connect` is handled
 * by the actor before the general checks (server/updates/connect.ts).
 *
 * @module
 */
import { adminPermit, loadAdmins } from "../admins.ts";
import type { Extension } from "../extension.ts";
import { join, kick, leave, message, pull } from "./channel.ts";
import { create } from "./create.ts";
import { capabilities, channels, serverInfo, userInfo, users } from "./info.ts";
import { deny, grant, permissions } from "./permissions.ts";
import { register } from "./register.ts";
import { disconnect, ping, pong } from "./session.ts";

/** The core's updates, as an extension without a name. */
export const CORE: Extension = {
  name: "",
  handlers: [
    disconnect,
    ping,
    pong,
    register,
    create,
    join,
    leave,
    pull,
    kick,
    message,
    permissions,
    grant,
    deny,
    channels,
    users,
    userInfo,
    capabilities,
    serverInfo,
  ],
  // These follow the original lichat-protocol defaults, with the choices
  // noted in the README's permission table. The server's own user is always
  // permitted; classes not listed are open to anyone.
  rules: {
    primary: {
      "permissions": "registrant",
      "grant": "registrant",
      "deny": "registrant",
      "leave": "no one",
      "kick": "registrant",
      "pull": "no one",
      "message": "registrant",
      "server-info": "registrant",
    },
    channel: {
      "permissions": "registrant",
      "grant": "registrant",
      "deny": "registrant",
      "kick": "registrant",
    },
    // Outsiders cannot see an anonymous channel, let alone join it.
    anonymous: { "join": "no one", "channels": "no one" },
  },
  // --admins (server/admins.ts): asked first of the permit hooks.
  permit: adminPermit,
  load: loadAdmins,
};
