/**
 * Runs of pipelined messages (server/runs.ts): grouped only when the same
 * checks must pass, delivered whole and in order, failed one by one.
 */
import assert from "node:assert/strict";
import { backlog } from "../../server/extensions/backfill.ts";
import { readUpdate } from "../../protocol/mod.ts";
import { runBytes, runLength } from "../../server/runs.ts";
import type { StageEvent } from "../../workers/messages.ts";
import { mixedRoom, received, room, settle } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";

const enc = new TextEncoder();

/** Events as unpackEvents makes them: bytes are adjacent views of one buffer. */
function printedEvents(specs: [conn: number, text: string, printed: boolean][]): StageEvent[] {
  const all = enc.encode(specs.filter((s) => s[2]).map((s) => s[1] + "\0").join(""));
  let at = 0;
  return specs.map(([conn, text, printed]) => {
    const update = readUpdate(text);
    if (!printed) return { kind: "update", conn, update };
    const n = enc.encode(text).length + 1;
    const bytes = all.subarray(at, at + n);
    at += n;
    return { kind: "update", conn, update, bytes };
  });
}

Deno.test("runLength: same connection, channel and from, printed, adjacent", () => {
  const m = (ch: string, from = "a") =>
    `(message :id 1 :clock 1 :from "${from}" :channel "${ch}" :text "t")`;
  const events = printedEvents([
    [1, m("x"), true],
    [1, m("x"), true],
    [1, m("x"), true],
    [1, m("y"), true], // another channel
    [2, m("y"), true], // another connection
    [2, m("y", "b"), true], // another from (the actor would refuse one)
    [2, m("y", "b"), false], // not printed
    [2, "(ping :id 2 :clock 1)", true], // not a message
  ]);
  assert.deepEqual(events.map((_, i) => runLength(events, i)), [3, 2, 1, 1, 1, 1, 1, 1]);
  assert.equal(
    new TextDecoder().decode(runBytes(events, 0, 2)),
    (m("x") + "\0").repeat(3),
  );
});

for (const workers of [1, 0]) {
  serverTest(
    `a pipelined burst reaches everyone whole and in order (--workers ${workers})`,
    async (srv) => {
      const [a, b, w] = await mixedRoom(srv);
      const burst = Array.from(
        { length: 300 },
        (_, i) => `(message :id ${1000 + i} :channel "room" :text "m${i}")\0`,
      ).join("");
      await a.sendRaw(burst);
      for (const c of [a, b, w]) {
        for (let i = 0; i < 300; i++) {
          const u = await c.waitFor("message", (x) => x.channel === "room");
          assert.deepEqual([u.id, u.text, u.from], [1000 + i, `m${i}`, "alice"]);
        }
      }
      // Over WebSocket, still one update per message.
      assert.ok(w.messages.every((t) => t.indexOf("\0") === t.length - 1));
      // The backlog holds the last ones, in order.
      const kept = backlog(srv.server.actor, srv.server.actor.findChannel("room")!);
      assert.deepEqual(kept.slice(-3).map((e) => e.update!.text), ["m297", "m298", "m299"]);
      assert.ok(kept.every((e, i) => i === 0 || e.seq > kept[i - 1].seq));
    },
    { workers, wsPort: -1, floodLimit: 10000, backlog: 50 },
  );

  serverTest(`a refused burst gets one failure per update (--workers ${workers})`, async (srv) => {
    const [, b] = await room(srv, "room", "alice", "bob");
    const c = await srv.user("carol");
    await settle([b, c]);
    await c.sendRaw(
      Array.from({ length: 20 }, (_, i) => `(message :id ${2000 + i} :channel "room" :text "x")\0`)
        .join(""),
    );
    for (let i = 0; i < 20; i++) {
      assert.equal((await c.expect("not-in-channel"))["update-id"], 2000 + i);
    }
    assert.deepEqual(await received(b), []);
  }, { workers, floodLimit: 10000 });
}
