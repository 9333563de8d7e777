/** shirakumo-history: searching a channel's kept messages. */
import assert from "node:assert/strict";
import type { Update, Value } from "../../protocol/mod.ts";
import { history, matchesSpec } from "../../server/extensions/history.ts";
import type { RawClient } from "../helpers/raw.ts";
import { quiet, room, settle } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";

/** Search the room and give the first reply's results. */
async function search(c: RawClient, id: number, query: string, offset = 0): Promise<Value[][]> {
  await c.send(`(shirakumo:search :id ${id} :channel "room" :offset ${offset} :query ${query})`);
  const reply: Update = await c.waitFor("shirakumo:search", (u) => u.id === id);
  return reply.results as Value[][];
}

/** The text fields of search results, which are `(message :id … :text "…")` lists. */
const texts = (results: Value[][]) =>
  results.map((r) => r[r.findIndex((x) => (x as { name?: string }).name === "text") + 1]);

for (const workers of [1, 0]) {
  serverTest(
    `search: by text, sender and time, a page at a time (--workers ${workers})`,
    async (srv) => {
      const [a, b] = await room(srv, "room", "alice", "bob");
      const long = "needle " + "x".repeat(2000);
      await a.send('(message :id 1 :channel "room" :text "Hello world")');
      await b.send('(message :id 2 :channel "room" :text "Goodbye")');
      await b.send('(message :id 3 :channel "room" :text "hello there")');
      await a.send(`(message :id 4 :channel "room" :text "${long}")`);
      await b.sendRaw(
        Array.from(
          { length: 60 },
          (_, i) => `(message :id ${100 + i} :channel "room" :text "burst ${i}")\0`,
        )
          .join(""),
      );
      await b.waitFor("message", (u) => u.id === 159);
      await settle([a, b]);
      assert.deepEqual(texts(await search(a, 10, '(:text ("hello"))')), [
        "Hello world",
        "hello there",
      ]);
      assert.deepEqual(texts(await search(a, 11, '(:from ("bob") :text ("h_llo*"))')), [
        "hello there",
      ]);
      assert.deepEqual(texts(await search(a, 12, '(:text ("needle"))')), [long], "kept whole");
      assert.deepEqual(await search(a, 13, "(:clock (0 1))"), []);
      // 64 messages: a page of 50, then the rest.
      assert.equal((await search(a, 14, "(:clock (T T))")).length, 50);
      assert.equal((await search(a, 15, "()", 50)).length, 14);
      assert.equal((await search(a, 16, '(:text ("burst*"))', 55)).length, 5);
      assert.match(
        a.texts.at(-1)!,
        /:results \(\(message :id 155 :clock \d+ :from "bob" :channel "room" :text "burst 55"\)/,
      );
      const c = await srv.user("carol");
      await c.send('(shirakumo:search :id 17 :channel "room" :query ())');
      assert.equal((await c.waitFor("not-in-channel"))["update-id"], 17);
      const reply = await (await srv.client()).handshake("dave");
      assert.ok((reply.extensions as string[]).includes("shirakumo-history"));
    },
    { workers, floodLimit: 1000 },
  );
}

serverTest("search: --history bounds what a channel keeps", async (srv) => {
  const [a] = await room(srv, "room", "alice");
  for (let i = 0; i < 40; i++) await a.send(`(message :id ${i + 1} :channel "room" :text "m${i}")`);
  await a.waitFor("message", (u) => u.id === 40);
  const kept = history(srv.server.actor, srv.server.actor.findChannel("room")!);
  assert.ok(kept.length <= 10 + 16 && kept.at(-1)!.text === "m39");
  assert.ok((await search(a, 50, "()")).length <= 26);
}, { history: 10, floodLimit: 1000 });

Deno.test("match specs: _ one character, * any run, \\ escapes, anywhere, any case", () => {
  assert.ok(matchesSpec("Hello World", "hello"));
  assert.ok(matchesSpec("Hello World", "h_llo w*d"));
  assert.ok(!matchesSpec("Hello", "h_lo"));
  assert.ok(matchesSpec("100% sure", "100\\%"));
  assert.ok(matchesSpec("a_b", "a\\_b") && !matchesSpec("axb", "a\\_b"));
  assert.ok(matchesSpec("日本語", "日_語"));
  assert.ok(matchesSpec("(x)", "(x)"), "regex characters are literal");
});

serverTest(
  "search: --search-results pages, split over replies that fit the size limit",
  async (srv) => {
    const [a] = await room(srv, "room", "alice");
    const text = "w".repeat(300);
    for (let i = 0; i < 70; i++) {
      await a.send(`(message :id ${i + 1} :channel "room" :text "${text}")`);
    }
    await a.waitFor("message", (u) => u.id === 70);
    await settle([a]);
    // 60 results of ~370 bytes cannot go in one 8 KiB reply: §18 step 7 splits them.
    await a.send('(shirakumo:search :id 80 :channel "room" :query ())');
    let got = 0;
    let replies = 0;
    while (got < 60) {
      const r = await a.waitFor("shirakumo:search", (u) => u.id === 80);
      got += (r.results as Value[]).length;
      replies++;
      assert.ok(a.texts.at(-1)!.length < 8192);
    }
    assert.equal(got, 60, "--search-results, not the 70 there are");
    assert.ok(replies > 1);
    assert.deepEqual(await quiet(a), [], "nothing more");
  },
  { searchResults: 60, maxUpdateSize: 8192, floodLimit: 1000 },
);
