/**
 * The extension list: every extension the server has, in the order their
 * hooks run. The core imports this list and never an extension; adding one
 * is its module, its test, and a line here.
 *
 * @module
 */
import type { Extension } from "../extension.ts";
import { BACKFILL } from "./backfill.ts";
import { BLOCK } from "./block.ts";
import { BRIDGE } from "./bridge.ts";
import { CHANNEL_INFO } from "./channel_info.ts";
import { DATA } from "./data.ts";
import { EDIT } from "./edit.ts";
import { EMOTES } from "./emotes.ts";
import { MARKUP, REPLIES } from "./fields.ts";
import { HISTORY } from "./history.ts";
import { ICONS } from "./icons.ts";
import { IDENTITY } from "./identity.ts";
import { IP } from "./ip.ts";
import { LAST_READ } from "./last_read.ts";
import { LINK } from "./link.ts";
import { MANAGEMENT } from "./management.ts";
import { OTP } from "./otp.ts";
import { PAUSE } from "./pause.ts";
import { QUIET } from "./quiet.ts";
import { REACTIONS } from "./reactions.ts";
import { ROLES } from "./roles.ts";
import { SIGN } from "./sign.ts";
import { TREES } from "./trees.ts";
import { TYPING } from "./typing.ts";
import { USER_INFO } from "./user_info.ts";

/**
 * Every extension. Order matters where hooks meet: a paused channel refuses
 * before a link stores a payload, and a quieted user hears the link.
 */
export const EXTENSIONS: readonly Extension[] = [
  DATA,
  BACKFILL,
  TYPING,
  EDIT,
  PAUSE,
  LINK,
  QUIET,
  CHANNEL_INFO,
  MANAGEMENT,
  REACTIONS,
  LAST_READ,
  USER_INFO,
  BLOCK,
  ICONS,
  SIGN,
  BRIDGE,
  TREES,
  IP,
  EMOTES,
  OTP,
  IDENTITY,
  ROLES,
  HISTORY,
  REPLIES,
  MARKUP,
];
