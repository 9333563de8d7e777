/**
 * `shirakumo-sign` (shirakumo.mess §17): a signed update is signed over its
 * `from` and `clock`, so the parser keeps its clock as sent and requires
 * both; the signature travels with the update.
 *
 * @module
 */
import type { Extension } from "../extension.ts";

/** The extension. */
export const SIGN: Extension = {
  name: "shirakumo-sign",
  signatureFields: ["shirakumo:signature"],
};
