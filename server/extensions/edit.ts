/**
 * `shirakumo-edit` (shirakumo.mess §4): an edit is a message to the server,
 * relayed (and kept) as one; clients apply it to the message it names.
 *
 * @module
 */
import { type Extension, handler } from "../extension.ts";

/** The extension. */
export const EDIT: Extension = {
  name: "shirakumo-edit",
  handlers: [
    handler("shirakumo:edit", { member: true, chatter: true }, (ctx, req) => ctx.relay(req)),
  ],
  rules: { primary: { "shirakumo:edit": "no one" } },
};
