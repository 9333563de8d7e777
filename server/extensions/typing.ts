/**
 * `shirakumo-typing` (shirakumo.mess §23): "I am typing", relayed to the channel.
 *
 * @module
 */
import { type Extension, handler } from "../extension.ts";

/** The extension. */
export const TYPING: Extension = {
  name: "shirakumo-typing",
  handlers: [
    handler("shirakumo:typing", { member: true, chatter: true }, (ctx, req) => ctx.relay(req)),
  ],
  rules: { primary: { "shirakumo:typing": "no one" } },
};
