/**
 * The parser stage's side of the worker boundary: pre-printed relayed updates,
 * the `user` operation, and how a batch of events is packed for the way back.
 */
import assert from "node:assert/strict";
import { printUpdate, readUpdate } from "../../protocol/mod.ts";
import {
  packEvents,
  type ParserConfig,
  type StageEvent,
  unpackEvents,
} from "../../workers/messages.ts";
import { ParserStage } from "../../workers/parser.ts";

const config: ParserConfig = {
  maxUpdateSize: 4096,
  maxDepth: 32,
  maxElements: 1024,
  floodFrame: 30,
  floodLimit: 1000,
  clockSkew: 0,
};
const enc = new TextEncoder();
/** The time batches are handled at (the server's clock, ms). */
const NOW = Date.UTC(2026, 0, 1);
const dec = new TextDecoder();
const bytes = (conn: number, s: string) => ({ op: "bytes" as const, conn, bytes: enc.encode(s) });

Deno.test("prePrint: a relayed update comes with its wire text, as the server would print it", () => {
  const stage = new ParserStage({ ...config, prePrint: ["message"] });
  stage.handle([{ op: "open", conn: 1 }, { op: "user", conn: 1, name: "Alice" }], NOW);
  const events = stage.handle([
    bytes(1, '(LICHAT:MESSAGE :TEXT "hi"   :channel "room" :id 5 :clock 3900000000)\0'),
    bytes(1, "(ping :id 6)\0"),
    bytes(1, '(message :id 7 :from "alice" :channel "room" :text "x")\0'),
  ], NOW);
  assert.equal(events.length, 3);
  const [m, ping, own] = events as Extract<StageEvent, { kind: "update" }>[];
  // `from` filled in from the handshake; the text is the canonical print.
  assert.equal(m.update.from, "Alice");
  assert.equal(m.printed, printUpdate(m.update));
  assert.equal(
    m.printed,
    '(message :id 5 :clock 3900000000 :from "Alice" :channel "room" :text "hi")',
  );
  assert.equal(ping.printed, undefined, "ping is answered, not relayed");
  // A given `from` is kept as sent; the actor checks it.
  assert.equal(own.update.from, "alice");
  assert.equal(own.printed, printUpdate(own.update));
});

Deno.test("without prePrint, or before the handshake, nothing is pre-printed", () => {
  const text = '(message :id 5 :channel "room" :text "hi")\0';
  const plain = new ParserStage(config);
  plain.handle([{ op: "open", conn: 1 }, { op: "user", conn: 1, name: "alice" }], NOW);
  const [a] = plain.handle([bytes(1, text)], NOW) as Extract<StageEvent, { kind: "update" }>[];
  assert.equal(a.printed, undefined);
  assert.equal(a.update.from, "alice", "from is still filled in");
  const early = new ParserStage({ ...config, prePrint: ["message"] });
  const [b, c] = early.handle([
    bytes(2, text),
    bytes(2, '(message :id 6 :from "bob" :channel "room" :text "hi")\0'),
  ], NOW) as Extract<StageEvent, { kind: "update" }>[];
  assert.equal(b.update.from, undefined, "no name known yet: the actor fills it");
  assert.equal(b.printed, undefined);
  // Even with a from: before the handshake the actor may hold it back whole.
  assert.equal(c.printed, undefined);
});

Deno.test("packEvents: JSON when it can, a clone when a bigint is in the way", () => {
  const small = readUpdate('(message :id 1 :clock 2 :from "a" :channel "c" :text "t")');
  const big = readUpdate('(message :id 123456789012345678901234 :from "a" :channel "c" :text "t")');
  const viaJson = packEvents([{ kind: "update", conn: 1, update: small }]);
  assert.equal(typeof viaJson.json, "string");
  assert.deepEqual(unpackEvents(viaJson), [{ kind: "update", conn: 1, update: small }]);
  const viaClone = packEvents([{ kind: "update", conn: 1, update: big }]);
  assert.equal(viaClone.json, undefined);
  assert.equal(unpackEvents(viaClone)[0].kind, "update");
  assert.equal(
    (unpackEvents(viaClone)[0] as Extract<StageEvent, { kind: "update" }>).update.id,
    123456789012345678901234n,
  );
});

Deno.test("packEvents: pre-printed updates cross without their long strings", () => {
  const long = "A".repeat(5000);
  const u = readUpdate(
    `(shirakumo:data :id 1 :from "a" :channel "c" :content-type "image/png" :payload "${long}")`,
  );
  const packed = packEvents([{ kind: "update", conn: 1, update: u, printed: printUpdate(u) }]);
  assert.equal(typeof packed.json, "string", "nothing long left, so JSON");
  const [e] = unpackEvents(packed) as Extract<StageEvent, { kind: "update" }>[];
  assert.equal(e.update.payload, "");
  assert.equal(e.update["content-type"], "image/png");
  assert.equal(
    dec.decode(e.bytes),
    printUpdate(readUpdate(dec.decode(e.bytes!.subarray(0, -1)))) + "\0",
  );
  assert.ok(dec.decode(e.bytes).includes(long));
});

Deno.test("packEvents: pre-printed texts travel as one buffer and land on their events", () => {
  // The third is long: encoded on its own, between runs of short ones.
  const u = (id: number) =>
    readUpdate(`(message :id ${id} :from "a" :channel "c" :text "ü${id}${"x".repeat(id * 700)}")`);
  const events: StageEvent[] = [
    { kind: "update", conn: 1, update: u(1), printed: printUpdate(u(1)) },
    { kind: "failure", conn: 1, failure: "malformed-update", text: "no", id: undefined },
    { kind: "update", conn: 2, update: u(2) },
    { kind: "update", conn: 2, update: u(3), printed: printUpdate(u(3)) },
    { kind: "update", conn: 2, update: u(1), printed: printUpdate(u(1)) },
  ];
  const packed = packEvents(events);
  assert.ok(packed.printed instanceof Uint8Array);
  assert.ok(
    unpackEvents(packed).every((e) => e.kind !== "update" || e.printed === undefined),
    "the texts travel as bytes only",
  );
  const back = unpackEvents(JSON.parse(JSON.stringify({ ...packed, printed: undefined })));
  assert.equal(back.length, 5); // without the buffer: no bytes, nothing else lost
  const got = unpackEvents(packed) as ({ bytes?: Uint8Array })[];
  assert.equal(dec.decode(got[0].bytes), printUpdate(u(1)) + "\0");
  assert.equal(got[1].bytes, undefined);
  assert.equal(got[2].bytes, undefined);
  assert.equal(dec.decode(got[3].bytes), printUpdate(u(3)) + "\0");
  assert.equal(dec.decode(got[4].bytes), printUpdate(u(1)) + "\0");
});
