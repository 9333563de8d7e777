/**
 * `shirakumo-data` (shirakumo.mess §2): a binary payload sent to a channel,
 * of a content type `--data-content-types` accepts.
 *
 * @module
 */
import { type Extension, handler } from "../extension.ts";

/** Does the content type match one of the allowed patterns (`image/*`, `text/plain`)? */
export function contentTypeAllowed(type: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const t = type.toLowerCase().split(";")[0].trim();
  return allowed.some((a) => {
    const p = a.toLowerCase();
    return p.endsWith("/*") ? t.startsWith(p.slice(0, -1)) : t === p;
  });
}

/** Step 1 (membership) is a precondition; step 2 the content type; step 3 the relay. */
const data = handler("shirakumo:data", { member: true, chatter: true }, (ctx, req) => {
  const allowed = ctx.options.dataContentTypes;
  const type = req.update["content-type"];
  if (!contentTypeAllowed(type, allowed)) {
    return req.fail("shirakumo:bad-content-type", `${type} is not accepted here.`, {
      "allowed-content-types": [...allowed],
    });
  }
  return ctx.relay(req);
});

/** The extension. */
export const DATA: Extension = {
  name: "shirakumo-data",
  handlers: [data],
  rules: { primary: { "shirakumo:data": "registrant" } },
};
