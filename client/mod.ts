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
export * from "./errors.ts";
export * from "./mime.ts";
export * from "./transport.ts";
