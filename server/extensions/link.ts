/**
 * `shirakumo-link` (shirakumo.mess §12), with `--link-url`: a `data`
 * update's payload is kept (extensions/link_store.ts) under a random token
 * and served by the WebSocket listener at `/link/<token>`; the channel gets
 * a `message` whose text is the URL and whose `shirakumo:link` is the
 * content type, instead of the data.
 *
 * @module
 */
import type { Context } from "../context.ts";
import type { Extension } from "../extension.ts";
import { slot } from "../state/slots.ts";
import { randomToken } from "../tokens.ts";
import { LINK_PATH, LinkStore } from "./link_store.ts";

/** Each server's payloads. */
const stores = slot((ctx: Context) => new LinkStore(() => ctx.options.linkStorage));

/** The extension: offered only where payloads can be served. */
export const LINK: Extension = {
  name: "shirakumo-link",
  offered: (options) => options.linkUrl !== "",
  // §12 steps 1–4 in place of data's step 3: the payload stored, a link sent.
  say(ctx, req) {
    if (req.update.type !== "shirakumo:data" || ctx.options.linkUrl === "") return undefined;
    const u = req.whole();
    let bytes: Uint8Array;
    try {
      bytes = Uint8Array.from(atob(String(u.payload)), (c) => c.charCodeAt(0));
    } catch {
      req.fail("malformed-update", "The payload is not base64.");
      return { kind: "refused" };
    }
    const type = String(u["content-type"]);
    const filename = typeof u.filename === "string" ? u.filename : undefined;
    const token = stores.get(ctx).put(req.channel.key, type, filename, bytes, randomToken(ctx, 18));
    return {
      kind: "replace",
      update: {
        type: "message",
        id: u.id,
        clock: u.clock,
        from: u.from,
        channel: req.channel.name,
        text: ctx.options.linkUrl + token,
        "shirakumo:link": type,
      },
    };
  },
  channelGone: (ctx, channel) => stores.peek(ctx)?.dropChannel(channel.key),
  serve(ctx, url, request) {
    if (ctx.options.linkUrl === "" || !url.pathname.startsWith(LINK_PATH)) return undefined;
    if (request.method !== "GET") return undefined;
    return stores.get(ctx).serve(url.pathname);
  },
};
