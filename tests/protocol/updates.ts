/**
 * Reading updates for the update tests: the check that a text fails as it
 * should, and a registry with a class for every slot type of §1.4.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  type FailureKind,
  type Id,
  LichatError,
  readUpdate,
  type ReadUpdateOptions,
  Registry,
} from "../../protocol/mod.ts";
import { DEFINITIONS } from "../../protocol/spec/definitions.generated.ts";

/** Assert that reading `text` fails with `failure` and, if given, names `id`. */
export function assertFails(
  text: string,
  failure: FailureKind,
  id?: Id | null,
  opts: ReadUpdateOptions = {},
): LichatError {
  let caught: unknown;
  try {
    readUpdate(text, opts);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof LichatError, `${text} should raise LichatError, got ${caught}`);
  assert.equal(caught.failure, failure, `${text}: ${caught.message}`);
  if (id !== undefined) assert.equal(caught.updateId, id ?? undefined, `${text}: updateId`);
  return caught;
}

/**
 * The spec's classes plus a class with a slot of every §1.4 type, and a
 * class that is not an update.
 */
export const typed = new Registry([
  ...DEFINITIONS,
  `(define-object lichat:typed (lichat:update)
     (:num number :optional) (:int integer :optional) (:flt float :optional)
     (:tm time :optional) (:str string :optional) (:strs (list string) :optional)
     (:sym symbol :optional) (:kw keyword :optional) (:bool boolean :optional)
     (:lst list :optional) (:any T :optional) (:obj object :optional)
     (:user username :optional) (:chan channelname :optional) (:pass password :optional)
     (:alt (or (list symbol) T) :optional))
   (define-object lichat:thing () (:x string))`,
]);
