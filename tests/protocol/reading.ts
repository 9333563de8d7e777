/**
 * Reading single values for the reader's tests: the default symbol table,
 * limits, and the checks that a text reads as a symbol or is refused.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  defaultRegistry,
  isSym,
  LichatError,
  readValue,
  type Sym,
  type Value,
} from "../../protocol/mod.ts";

/** The symbols of the spec's definitions, as the server reads with. */
export const symbols = defaultRegistry.symbols;

/** The reader's limits a test may set. */
export interface Limits {
  /** Deepest nesting. */
  maxDepth?: number;
  /** Most elements in one list. */
  maxElements?: number;
}

/** Read one value of `text` with the default symbols. */
export function read(text: string, limits: Limits = {}): Value {
  return readValue(text, { symbols, ...limits });
}

/** Read `text`, which must be a symbol. */
export function readSym(text: string): Sym {
  const v = read(text);
  assert.ok(isSym(v), `${JSON.stringify(text)} should read as a symbol`);
  return v;
}

/** Assert that reading `text` throws a LichatError with failure malformed-update. */
export function assertMalformed(text: string, limits: Limits = {}): LichatError {
  let caught: unknown;
  try {
    read(text, limits);
  } catch (e) {
    caught = e;
  }
  assert.ok(
    caught instanceof LichatError,
    `${JSON.stringify(text.slice(0, 60))} should raise LichatError, got ${caught}`,
  );
  assert.equal(caught.failure, "malformed-update", JSON.stringify(text.slice(0, 60)));
  return caught;
}

/** The six WHITE characters of §1. */
export const WHITE = ["\t", "\n", "\v", "\f", "\r", " "];
