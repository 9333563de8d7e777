/**
 * `shirakumo-bridge` (shirakumo.mess §11): a bridge to another chat network
 * sends channel chatter on behalf of that network's users, naming them in
 * the `bridge` field; the server swaps `bridge` and `from` and delivers.
 *
 * The prose and lichat-js call the field `:bridge`, the definitions
 * `shirakumo:bridge`; both are read (`ERRATA` in protocol/registry.ts), and
 * a bridged update goes out with the key it came with.
 *
 * @module
 */
import { isValidName } from "../../protocol/mod.ts";
import { type Extension, handler } from "../extension.ts";

/** The keys the field may come under. */
const KEYS = ["bridge", "shirakumo:bridge"] as const;

/** The extension. */
export const BRIDGE: Extension = {
  name: "shirakumo-bridge",
  // `bridge`: sent back, so a bridge can see that it may bridge.
  handlers: [handler("shirakumo:bridge", {}, (_ctx, req) => req.echo())],
  rules: {
    primary: { "shirakumo:bridge": "registrant" },
    channel: { "shirakumo:bridge": "registrant" },
  },
  /**
   * Steps 1–5, after §5.1 step 6, in place of the rest of the handling. Only
   * chatter may be bridged (§11 step 4: updates delivered to the whole
   * channel as they are; the spec asks for `message` at least); the field is
   * ignored on the rest.
   */
  divert(ctx, req) {
    const u = req.update;
    if (!ctx.extensions.chatter.has(u.type)) return false;
    let key: (typeof KEYS)[number] | undefined;
    for (const k of KEYS) {
      if (typeof u[k] === "string") {
        key = k;
        break;
      }
    }
    if (key === undefined) return false;
    const { user, channel } = req;
    // Step 1.
    if (!channel.users.has(user)) {
      req.fail("not-in-channel", `${user.name} is not in ${channel.name}.`);
      return true;
    }
    // Step 2.
    if (!ctx.permitted("shirakumo:bridge", channel, user)) {
      req.fail("insufficient-permissions", `You may not bridge into ${channel.name}.`);
      return true;
    }
    // The bridged name becomes the sender: it must be a name (§2.2.1).
    const name = u[key] as string;
    if (!isValidName(name)) {
      req.fail("bad-name", `${name} is not a valid user name.`);
      return true;
    }
    // Steps 3–5: a new update, which the worker's bytes are not.
    ctx.sendToChannel({ ...req.whole(), from: name, [key]: u.from }, channel);
    return true;
  },
};
