/**
 * A regression corpus of updates as other implementations put them on the
 * wire, each with the update it must read as.
 */
import assert from "node:assert/strict";
import { printUpdate, readUpdate, type Update } from "../../protocol/mod.ts";

const CORPUS: [string, string, Update][] = [
  [
    "lichat-js: upper case, every slot, explicit NIL",
    '(CONNECT :ID 1634 :CLOCK 3900000000 :FROM "ada" :PASSWORD NIL :VERSION "2.0" :EXTENSIONS ("shirakumo-data" "shirakumo-backfill"))',
    {
      type: "connect",
      id: 1634,
      clock: 3900000000,
      from: "ada",
      version: "2.0",
      extensions: ["shirakumo-data", "shirakumo-backfill"],
    },
  ],
  [
    "lichat-js: message with :BRIDGE NIL and :LINK NIL",
    '(MESSAGE :ID 1635 :CLOCK 3900000001 :FROM "ada" :CHANNEL "lobby" :BRIDGE NIL :TEXT "hi" :LINK NIL)',
    { type: "message", id: 1635, clock: 3900000001, from: "ada", channel: "lobby", text: "hi" },
  ],
  [
    "lichat-js: server-info request with empty lists",
    '(SERVER-INFO :ID 7 :CLOCK 1 :FROM "ada" :TARGET "bob" :ATTRIBUTES NIL :CONNECTIONS NIL)',
    {
      type: "server-info",
      id: 7,
      clock: 1,
      from: "ada",
      target: "bob",
      attributes: [],
      connections: [],
    },
  ],
  [
    "Common Lisp: lower case, escaped digits in names",
    '(lichat:join :id 12 :clock 3900000002 :from "ada" :channel "room\\1")',
    { type: "join", id: 12, clock: 3900000002, from: "ada", channel: "room1" },
  ],
  [
    "Common Lisp: () for an empty list",
    '(connect :id 13 :clock 3900000003 :from "ada" :version "2.0" :extensions ())',
    { type: "connect", id: 13, clock: 3900000003, from: "ada", version: "2.0", extensions: [] },
  ],
  [
    "any order, extra white space, tabs and newlines",
    '\n  (message\t:text "x"\n :channel   "c"\r\n :id 14 )  ',
    { type: "message", id: 14, channel: "c", text: "x" },
  ],
  [
    "grant with a symbol field",
    '(GRANT :ID 15 :CHANNEL "c" :TARGET "t" :UPDATE MESSAGE)',
    {
      type: "grant",
      id: 15,
      channel: "c",
      target: "t",
      update: { kind: "symbol", package: "lichat", name: "message", known: true },
    },
  ],
  [
    "extension class with the shirakumo prefix",
    '(SHIRAKUMO:DATA :ID 16 :CHANNEL "c" :CONTENT-TYPE "image/png" :FILENAME "a.png" :PAYLOAD "AA==")',
    {
      type: "shirakumo:data",
      id: 16,
      channel: "c",
      "content-type": "image/png",
      filename: "a.png",
      payload: "AA==",
    },
  ],
  [
    "a big id from a client that counts from the current time",
    "(PING :ID 17000000000000000001)",
    { type: "ping", id: 17000000000000000001n },
  ],
];

for (const [what, wire, want] of CORPUS) {
  Deno.test(`corpus: ${what}`, () => {
    const u = readUpdate(wire);
    assert.deepEqual(u, want);
    // What we print reads back the same.
    assert.deepEqual(readUpdate(printUpdate(u)), want);
  });
}
