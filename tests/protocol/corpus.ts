/**
 * A regression corpus of updates as other Lichat implementations put them on
 * the wire, each with what it must read as.
 *
 * The samples follow the printers of the reference implementations:
 * - Common Lisp `lichat-protocol`: lower-case symbols, every character of
 *   `"():0123456789. #` in a symbol escaped with `\` (so `:ip\4` for `:ip4`),
 *   `NIL` and `T` in upper case, and in older versions `()` for NIL since
 *   NIL is the empty list in Lisp.
 * - JavaScript `lichat-js`: upper-case symbols (`(MESSAGE :ID 1 ...)`), NIL
 *   for null; its newer printer leaves the `shirakumo:` prefix off classes.
 * - Hand-written and ad-hoc clients: odd white space, keywords in any order.
 *
 * @module
 */
import { type FailureKind, type Id, makeSym, NIL, T, type Update } from "../../protocol/mod.ts";

/** One sample: what it is, the wire text (without NUL), and what it reads as. */
export interface CorpusEntry {
  /** Where such text comes from, or what it exercises. */
  readonly what: string;
  /** The update's text as it arrives, without the terminating NUL. */
  readonly wire: string;
  /** The update it must read as, or the failure it must raise. */
  readonly want: Update | { readonly failure: FailureKind; readonly updateId?: Id };
}

/** A lichat symbol, known unless said otherwise. */
const sym = (name: string, known = true) => makeSym(name, "lichat", known);

/** The samples. */
export const CORPUS: readonly CorpusEntry[] = [
  {
    what: "lisp: connect with NIL password, as printed by lichat-protocol",
    wire:
      '(connect :id 0 :clock 3912345678 :from "tester" :password NIL :version "2.0" :extensions ("shirakumo-data" "shirakumo-backfill" "shirakumo-emote"))',
    want: {
      type: "connect",
      id: 0,
      clock: 3912345678,
      from: "tester",
      version: "2.0",
      extensions: ["shirakumo-data", "shirakumo-backfill", "shirakumo-emote"],
    },
  },
  {
    what: "lisp: server welcome message with its extension slots NIL",
    wire:
      '(message :id 1 :clock 3912345679 :from "lichatserv" :channel "lichatserv" :text "Welcome to Lichat!" shirakumo:bridge NIL shirakumo:link NIL shirakumo:rich NIL shirakumo:reply-to NIL)',
    want: {
      type: "message",
      id: 1,
      clock: 3912345679,
      from: "lichatserv",
      channel: "lichatserv",
      text: "Welcome to Lichat!",
      "shirakumo:rich": [],
      "shirakumo:reply-to": [],
    },
  },
  {
    what: "lisp (older printer): NIL printed as ()",
    wire:
      '(user-info :id 17 :clock 3912345680 :from "lichatserv" :target "tester" :registered () :connections 1)',
    want: {
      type: "user-info",
      id: 17,
      clock: 3912345680,
      from: "lichatserv",
      target: "tester",
      registered: NIL,
      connections: 1,
    },
  },
  {
    what: "lisp (older printer): () for an unset optional string",
    wire:
      '(connect :id 2 :clock 3912345680 :from "tester" :password () :version "2.0" :extensions ())',
    want: {
      type: "connect",
      id: 2,
      clock: 3912345680,
      from: "tester",
      version: "2.0",
      extensions: [],
    },
  },
  {
    what: "lisp: T printed in upper case",
    wire:
      '(user-info :id 18 :clock 3912345680 :from "lichatserv" :target "ada" :registered T :connections 2)',
    want: {
      type: "user-info",
      id: 18,
      clock: 3912345680,
      from: "lichatserv",
      target: "ada",
      registered: T,
      connections: 2,
    },
  },
  {
    what: "lisp: escaped digits in symbols, escaped hyphen in a keyword",
    wire:
      '(shirakumo:channel-info :id 9 :clock 3912345681 :from "ada" :channel "lobby" :keys (:news\\1 :topic :ip\\4\\ addr))',
    want: {
      type: "shirakumo:channel-info",
      id: 9,
      clock: 3912345681,
      from: "ada",
      channel: "lobby",
      keys: [
        makeSym("news1", "keyword", false),
        makeSym("topic", "keyword", false),
        makeSym("ip4 addr", "keyword", false),
      ],
    },
  },
  {
    what: "lisp: a needlessly escaped keyword still names its slot",
    wire: '(warning :id 8 :clock 3912345682 :from "lichatserv" :text "slow down" :update\\-id 7)',
    want: {
      type: "warning",
      id: 8,
      clock: 3912345682,
      from: "lichatserv",
      text: "slow down",
      "update-id": 7,
    },
  },
  {
    what: "lisp: permissions with T, NIL, inclusion and exclusion masks",
    wire:
      '(permissions :id 10 :clock 3912345683 :from "ada" :channel "lobby" :permissions ((join T) (message (+ "alice" "bob")) (kick NIL) (leave (-))))',
    want: {
      type: "permissions",
      id: 10,
      clock: 3912345683,
      from: "ada",
      channel: "lobby",
      permissions: [
        [sym("join"), T],
        [sym("message"), [sym("+"), "alice", "bob"]],
        [sym("kick"), NIL],
        [sym("leave"), [sym("-")]],
      ],
    },
  },
  {
    what: "lisp: server-info with association lists",
    wire:
      '(server-info :id 11 :clock 3912345684 :from "lichatserv" :target "bob" :attributes ((channels ("lobby" "lichatserv")) (registered-on 3912345600) (ip "127.0.0.1")) :connections (((connected-on 3912345601) (ip "127.0.0.1"))))',
    want: {
      type: "server-info",
      id: 11,
      clock: 3912345684,
      from: "lichatserv",
      target: "bob",
      attributes: [
        [sym("channels"), ["lobby", "lichatserv"]],
        [sym("registered-on"), 3912345600],
        [sym("ip"), "127.0.0.1"],
      ],
      connections: [[[sym("connected-on"), 3912345601], [sym("ip"), "127.0.0.1"]]],
    },
  },
  {
    what: "lisp: a failure naming the failed update",
    wire:
      '(invalid-update :id 12 :clock 3912345685 :from "lichatserv" :text "Unknown update type." :update-id 99)',
    want: {
      type: "invalid-update",
      id: 12,
      clock: 3912345685,
      from: "lichatserv",
      text: "Unknown update type.",
      "update-id": 99,
    },
  },
  {
    what: "lisp: capabilities listing update classes of two packages",
    wire:
      '(capabilities :id 13 :clock 3912345686 :from "lichatserv" :channel "lobby" :permitted (join leave message shirakumo:data shirakumo:edit))',
    want: {
      type: "capabilities",
      id: 13,
      clock: 3912345686,
      from: "lichatserv",
      channel: "lobby",
      permitted: [
        sym("join"),
        sym("leave"),
        sym("message"),
        makeSym("data", "shirakumo"),
        makeSym("edit", "shirakumo"),
      ],
    },
  },
  {
    what: "lichat-js (old printer): upper-case symbols, escaped quote and backslash",
    wire:
      '(MESSAGE :ID 1634567890123 :CLOCK 3912345687 :FROM "tester" :CHANNEL "lobby" :TEXT "hello \\"world\\" \\\\o/")',
    want: {
      type: "message",
      id: 1634567890123,
      clock: 3912345687,
      from: "tester",
      channel: "lobby",
      text: 'hello "world" \\o/',
    },
  },
  {
    what: "lichat-js (old printer): upper-case NIL and an extension class with its prefix",
    wire:
      '(SHIRAKUMO:DATA :ID 16 :CLOCK 3912345688 :FROM "tester" :CHANNEL "lobby" :CONTENT-TYPE "image/png" :FILENAME NIL :PAYLOAD "iVBORw0KGgo=")',
    want: {
      type: "shirakumo:data",
      id: 16,
      clock: 3912345688,
      from: "tester",
      channel: "lobby",
      "content-type": "image/png",
      payload: "iVBORw0KGgo=",
    },
  },
  {
    what: "lichat-js (new printer): shirakumo classes without their prefix are unknown",
    wire: '(data :id 5 :clock 3912345689 :channel "lobby" :content-type "text/plain" :payload "")',
    want: { failure: "invalid-update", updateId: 5 },
  },
  {
    what: "the lichat package spelled out, in upper case",
    wire: '(LICHAT:MESSAGE :ID 1 :CLOCK 3912345690 :CHANNEL "x" :TEXT "y")',
    want: { type: "message", id: 1, clock: 3912345690, channel: "x", text: "y" },
  },
  {
    what: "the Common Lisp package's own name is no Lichat package",
    wire: '(LICHAT-PROTOCOL:CONNECT :ID 1 :CLOCK 3912345691 :VERSION "2.0" :EXTENSIONS NIL)',
    want: { failure: "invalid-update", updateId: 1 },
  },
  {
    what: "keywords in any order, mixed case",
    wire: '(Message :Text "x" :Channel "c" :FROM "a" :clock 1 :Id 2)',
    want: { type: "message", id: 2, clock: 1, from: "a", channel: "c", text: "x" },
  },
  {
    what: "white space of every kind, CR LF, padding inside the parentheses",
    wire: '\r\n ( message\t:id\v3\f:channel \r\n\t"c"\n\n:text    "multi\nline\ttext" \t)\n',
    want: { type: "message", id: 3, channel: "c", text: "multi\nline\ttext" },
  },
  {
    what: "no white space beside delimiters",
    wire: '(message :id 4 :channel"c":text"t")',
    want: { type: "message", id: 4, channel: "c", text: "t" },
  },
  {
    what: "a big id from a client that counts from the current time",
    wire: "(PING :ID 123456789012345678901234567890 :CLOCK 3912345692)",
    want: { type: "ping", id: 123456789012345678901234567890n, clock: 3912345692 },
  },
  {
    what: "grant with a symbol field naming an extension class",
    wire: '(grant :id 15 :clock 3912345693 :channel "c" :target "t" :update shirakumo:edit)',
    want: {
      type: "grant",
      id: 15,
      clock: 3912345693,
      channel: "c",
      target: "t",
      update: makeSym("edit", "shirakumo"),
    },
  },
  {
    what: "unicode text: CJK, emoji, RTL, combining marks, escaped astral character",
    wire:
      '(message :id 14 :clock 3912345694 :from "Пётр" :channel "日本語" :text "こんにちは 👋 مرحبا e\u0301 \\😀")',
    want: {
      type: "message",
      id: 14,
      clock: 3912345694,
      from: "Пётр",
      channel: "日本語",
      text: "こんにちは 👋 مرحبا e\u0301 😀",
    },
  },
  {
    what: "connect without a name: the server picks one (§4.1 step 3)",
    wire: '(connect :id 20 :clock 3912345695 :from NIL :version "2.0" :extensions ())',
    want: { type: "connect", id: 20, clock: 3912345695, version: "2.0", extensions: [] },
  },
  {
    what: "a newer client's unknown fields are ignored (§6)",
    wire:
      '(message :id 21 :clock 3912345696 :channel "c" :text "x" :rich ((0 5 :bold)) shirakumo:rich ((0 5 :bold)) acme:mood "happy")',
    want: {
      type: "message",
      id: 21,
      clock: 3912345696,
      channel: "c",
      text: "x",
      "shirakumo:rich": [[0, 5, makeSym("bold", "keyword", false)]],
    },
  },
  {
    what: "backfill with an optional integer",
    wire:
      '(shirakumo:backfill :id 22 :clock 3912345697 :from "ada" :channel "lobby" :since 3912300000)',
    want: {
      type: "shirakumo:backfill",
      id: 22,
      clock: 3912345697,
      from: "ada",
      channel: "lobby",
      since: 3912300000,
    },
  },
  {
    what: "a key in the lichat package is no keyword",
    wire: '(message :id 23 channel "c" :text "x")',
    want: { failure: "malformed-update", updateId: 23 },
  },
  {
    what: "a lone key at the end",
    wire: '(join :id 24 :channel "c" :clock)',
    want: { failure: "malformed-update", updateId: 24 },
  },
  {
    what: "a class that exists but a slot of the wrong type",
    wire: "(join :id 25 :channel lobby)",
    want: { failure: "malformed-update", updateId: 25 },
  },
  {
    what: "an update cut off in the middle",
    wire: '(message :id 26 :channel "c" :text "unfinished',
    want: { failure: "malformed-update" },
  },
];
