/**
 * The values of the wire format (spec §1): strings, numbers, symbols, lists.
 *
 * All of them are plain data that survives `structuredClone`, so parsed
 * updates can cross isolates without conversion.
 *
 * @module
 */
import type { Sym } from "./symbols.ts";

/** Any value an `EXPR` of the wire format reads as. */
export type Value = string | number | bigint | Sym | readonly Value[];

/** The type of update ids (§1: `id` is a number). */
export type Id = number | bigint;
