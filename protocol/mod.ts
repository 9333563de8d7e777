/**
 * The Lichat wire protocol: reading, checking and printing updates. Knows
 * nothing about sockets; shared by the server, its workers and the client.
 *
 * ```ts
 * import { Framer, printUpdate, readUpdate } from "./mod.ts";
 * const framer = new Framer({ maxSize: 65536 });
 * for (const f of framer.push(new TextEncoder().encode('(PING :ID 1)\0'))) {
 *   if (f.kind === "text") console.log(printUpdate(readUpdate(f.text))); // (ping :id 1)
 * }
 * ```
 *
 * @module
 */
export * from "./bytes.ts";
export * from "./errors.ts";
export * from "./framer.ts";
export * from "./names.ts";
export * from "./printer.ts";
export * from "./reader.ts";
export * from "./registry.ts";
export * from "./symbols.ts";
export * from "./update.ts";
export * from "./values.ts";
export * from "./wire.ts";
export * from "./time.ts";
export type * from "./types.generated.ts";
