/**
 * The Lichat client library.
 *
 * ```ts
 * import { Client } from "./mod.ts";
 * const c = new Client({ username: "alice", url: "ws://localhost:1113/" });
 * await c.open();
 * ```
 *
 * @module
 */
export * from "./client.ts";
export { pickVersion, PREFERRED_VERSION, speaksVersion } from "./dialect.ts";
export * from "./errors.ts";
export * from "./membership.ts";
export * from "./mime.ts";
export * from "./options.ts";
export * from "./transport.ts";
export type * from "./types.ts";
export * from "./url.ts";
