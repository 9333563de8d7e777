/**
 * The store's history part, in memory and in an SQLite file: the same
 * answers from both, blocks, the text index never losing a match, retention,
 * dropped channels, and the numbering across a reopen.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { nameKey, printUpdate, type Update } from "../../protocol/mod.ts";
import {
  lowered,
  matchesSpec,
  mayMatch,
  textFilter,
  wireFilter,
} from "../../server/extensions/history.ts";
import {
  complete,
  type Delivered,
  FOR_BACKFILL,
  FOR_SEARCH,
  type HistoryStore,
  type Logged,
} from "../../server/state/history.ts";
import { MemoryHistory } from "../../server/state/memory_history.ts";
import { SearchPage } from "../../server/state/search_page.ts";
import { SqliteStore } from "../../server/state/sqlite.ts";
import { ORDERED_FIRST } from "../../server/state/sqlite_search.ts";
import { int, prng } from "../protocol/prng.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const BOUNDS = { backlog: 1000, history: 1000 };

function tempDb(): string {
  return Deno.makeTempDirSync({ prefix: "lichat-history-" }) + "/lichat.db";
}

/** A message as delivered to `channel`. */
function message(id: number, text: string, clock = 1000 + id, channel = "room"): Delivered {
  const update: Update = { type: "message", id, clock, from: "alice", channel, text };
  const bytes = encoder.encode(printUpdate(update) + "\0");
  return { update, bytes, clock, kinds: FOR_BACKFILL | FOR_SEARCH, whole: update };
}

/** A join (kept for backfill only). */
function join(id: number, clock = 1000 + id): Delivered {
  const update: Update = { type: "join", id, clock, from: "bob", channel: "room" };
  return { update, bytes: encoder.encode(printUpdate(update) + "\0"), clock, kinds: FOR_BACKFILL };
}

const ids = (es: Logged[]) => es.map((e) => Number(/:id (\d+)/.exec(decoder.decode(e.bytes))![1]));
/** The texts of the page from `offset` of a search for `spec`. */
const texts = (h: HistoryStore, channel: string, spec: string, limit = 1000, offset = 0) =>
  complete(h.search(channel, textFilter([["text", spec]]), offset, limit, (e) => {
    const text = /:text "([^"]*)"/.exec(decoder.decode(e.bytes))?.[1] ?? "";
    return matchesSpec(text, spec) ? text : undefined;
  }));

/** Run `fn` on a memory history and on a database's, committing as the actor would. */
function both(name: string, fn: (h: HistoryStore, commit: () => void) => void): void {
  Deno.test(`history store (memory): ${name}`, () => fn(new MemoryHistory(), () => {}));
  Deno.test(`history store (sqlite): ${name}`, () => {
    const store = new SqliteStore(tempDb(), nameKey);
    try {
      fn(store.history, () => store.commit());
    } finally {
      store.close();
    }
  });
}

both("numbers each channel's updates, backfills the newest, searches by clock", (h, commit) => {
  assert.equal(h.append("room", join(1), BOUNDS), 1);
  for (let i = 2; i <= 6; i++) h.append("room", message(i, `m${i}`), BOUNDS);
  commit();
  assert.equal(h.append("other", message(7, "elsewhere", 1007, "other"), BOUNDS), 1);
  // Out of clock order: search sorts by clock, backfill keeps the order of delivery.
  h.append("room", message(8, "early", 900), BOUNDS);
  assert.equal(h.last("room"), 7);
  assert.deepEqual(ids(h.recent("room", 0, -Infinity, 3)), [5, 6, 8]);
  assert.deepEqual(ids(h.recent("room", 5, -Infinity, 10)), [6, 8], "after seq 5");
  assert.deepEqual(ids(h.recent("room", 0, 1004, 10)), [4, 5, 6], "since clock 1004");
  assert.deepEqual(texts(h, "room", "*"), ["early", "m2", "m3", "m4", "m5", "m6"]);
  assert.deepEqual(texts(h, "room", "m*", 2), ["m2", "m3"]);
  assert.deepEqual(texts(h, "room", "m*", 2, 2), ["m4", "m5"]);
  assert.deepEqual(texts(h, "room", "m*", 2, 4), ["m6"]);
  assert.deepEqual(h.channels().sort(), ["other", "room"]);
  h.drop("room");
  assert.deepEqual(h.recent("room", 0, -Infinity, 10), []);
  assert.deepEqual(texts(h, "room", "*"), []);
  assert.equal(h.append("room", message(9, "anew"), BOUNDS), 1, "a new channel starts at 1");
  assert.deepEqual(texts(h, "room", "*"), ["anew"]);
  assert.deepEqual(texts(h, "other", "*"), ["elsewhere"]);
});

Deno.test("history store (memory): --backlog and --history bound each channel", () => {
  const h = new MemoryHistory();
  for (let i = 1; i <= 100; i++) h.append("room", message(i, `m${i}`), { backlog: 3, history: 10 });
  assert.deepEqual(ids(h.recent("room", 0, -Infinity, 100)), [98, 99, 100]);
  const kept = texts(h, "room", "*");
  assert.ok(kept.length >= 10 && kept.length <= 26 && kept.at(-1) === "m100");
});

Deno.test("history store (sqlite): one row per channel per commit; the index finds every match", () => {
  const path = tempDb();
  const store = new SqliteStore(path, nameKey);
  const rng = prng(14);
  // Kelvin sign and Georgian capitals: case JavaScript folds and SQLite's trigrams may not.
  const words = ["Hello", "world", "Straße", "KELVIN", "\u212Aelvin", "naïve", "日本語", "ᲐᲑᲒ"];
  const all: string[] = [];
  for (let turn = 0; turn < 40; turn++) {
    for (let i = 0; i < 5; i++) {
      const text = Array.from({ length: 3 }, () => words[int(rng, words.length)]).join(" ");
      all.push(text);
      store.history.append("room", message(all.length, text), BOUNDS);
    }
    store.commit();
  }
  const db = new DatabaseSync(path);
  const rows = () => db.prepare("SELECT count(*) AS n FROM history").get()!.n;
  assert.equal(rows(), 40, "a block per commit");
  const specs = [
    "hello",
    "WORLD",
    "stra_e",
    "straße",
    "kelvin",
    "აბგ",
    "NAÏVE",
    "日本",
    "lo w*ld",
    "x",
  ];
  const want = (spec: string) => all.filter((t) => matchesSpec(t, spec));
  for (const spec of specs) assert.deepEqual(texts(store.history, "room", spec), want(spec), spec);
  // Indexed, the same answers, and a search for a rare text reads only its blocks.
  assert.equal(store.history.upkeep(undefined, 1000), false);
  store.commit();
  assert.equal(db.prepare("SELECT count(*) AS n FROM history WHERE text IS NOT NULL").get()!.n, 0);
  for (const spec of specs) assert.deepEqual(texts(store.history, "room", spec), want(spec), spec);
  db.close();
  store.close();
});

Deno.test("history store (sqlite): past the first blocks, a rare text reads only what the index names", () => {
  const store = new SqliteStore(tempDb(), nameKey);
  for (let i = 1; i <= 1000; i++) {
    store.history.append("room", message(i, i === 900 ? "a needle here" : `hay ${i}`), BOUNDS);
    store.commit(); // a block each
  }
  store.history.upkeep(undefined, 10_000);
  store.commit();
  let read = 0;
  const found = complete(
    store.history.search("room", textFilter([["text", "needle"]]), 0, 10, (e) => {
      read++;
      return decoder.decode(e.bytes).includes("needle") ? "found" : undefined;
    }),
  );
  assert.deepEqual(found, ["found"]);
  assert.equal(read, ORDERED_FIRST + 1, "the first blocks in order, then the one named");
  store.close();
});

Deno.test("history store (sqlite): numbers go on after a reopen; ended channels leave in the background", () => {
  const path = tempDb();
  let store = new SqliteStore(path, nameKey);
  for (let i = 1; i <= 600; i++) {
    store.history.append("gone", message(i, `g${i}`, 1000 + i, "gone"), BOUNDS);
    if (i % 2 === 0) store.commit(); // 300 blocks: more than one batch to delete
  }
  store.history.append("room", message(1, "kept"), BOUNDS);
  store.close();
  store = new SqliteStore(path, nameKey);
  assert.equal(store.history.last("gone"), 600);
  assert.equal(store.history.append("room", message(2, "next"), BOUNDS), 2);
  store.history.drop("gone");
  store.commit();
  assert.deepEqual(texts(store.history, "gone", "*"), []);
  store.close();
  // Reopened before the rows went: still hidden; a channel of that name starts afresh.
  store = new SqliteStore(path, nameKey);
  assert.deepEqual(texts(store.history, "gone", "*"), []);
  store.history.append("gone", message(1, "new", 5000, "gone"), BOUNDS);
  assert.deepEqual(texts(store.history, "gone", "*"), ["new"]);
  store.history.upkeep(undefined, 1000);
  store.commit();
  const db = new DatabaseSync(path);
  assert.equal(db.prepare("SELECT count(*) AS n FROM history WHERE channel = 'gone'").get()!.n, 1);
  assert.equal(db.prepare("SELECT count(*) AS n FROM history_dropped").get()!.n, 0);
  db.close();
  assert.deepEqual(texts(store.history, "gone", "*"), ["new"]);
  assert.deepEqual(texts(store.history, "room", "*"), ["kept", "next"]);
  store.close();
});

Deno.test("history store (sqlite): retention by age and by count, in batches", () => {
  const store = new SqliteStore(tempDb(), nameKey);
  const h = store.history;
  for (let i = 1; i <= 30; i++) {
    h.append("room", message(i, `m${i}`, 1000 + i), BOUNDS);
    if (i % 4 === 0) store.commit(); // blocks of four: a count cuts one in the middle
  }
  for (let i = 1; i <= 3; i++) h.append("quiet", message(i, `q${i}`, 1000 + i, "quiet"), BOUNDS);
  store.commit();
  // A pass goes over every channel; it may take several calls.
  while (h.upkeep({ perChannel: 10 }, 1000));
  store.commit();
  assert.deepEqual(texts(h, "room", "*"), Array.from({ length: 10 }, (_, i) => `m${21 + i}`));
  assert.deepEqual(
    ids(h.recent("room", 0, -Infinity, 100)),
    Array.from({ length: 10 }, (_, i) => 21 + i),
  );
  assert.deepEqual(texts(h, "quiet", "*"), ["q1", "q2", "q3"]);
  while (h.upkeep({ before: 1026 }, 1000));
  store.commit();
  // Whole blocks go: 21–24 are older, 25–28 are not all older than 1026.
  assert.deepEqual(texts(h, "room", "*"), ["m25", "m26", "m27", "m28", "m29", "m30"]);
  assert.deepEqual(texts(h, "quiet", "*"), []);
  store.close();
});

Deno.test("history store: the database pages as memory does, clocks out of order, any offset", () => {
  const rng = prng(7);
  const memory = new MemoryHistory();
  const store = new SqliteStore(tempDb(), nameKey);
  const words = ["red", "green", "blue", "cyan"];
  for (let i = 1; i <= 600; i++) {
    // Clocks that rise slowly, jittered: blocks overlap, many updates share a second.
    const clock = 5000 + Math.floor(i / 4) + int(rng, 30);
    const text = `${words[int(rng, 4)]} ${words[int(rng, 4)]} ${i}`;
    const d = message(i, text, clock);
    memory.append("room", d, BOUNDS);
    store.history.append("room", d, BOUNDS);
    if (int(rng, 4) === 0) store.commit(); // blocks of one to many
  }
  store.commit();
  const specs = ["*", "red", "blue green", "cyan*red", "e_n", "1_"];
  const agree = () => {
    for (const spec of specs) {
      for (const [offset, limit] of [[0, 50], [37, 50], [300, 7], [590, 50], [0, 1000]]) {
        assert.deepEqual(
          texts(store.history, "room", spec, limit, offset),
          texts(memory, "room", spec, limit, offset),
          `${spec} from ${offset}`,
        );
      }
    }
  };
  agree();
  store.history.upkeep(undefined, 1000); // indexed: the index path
  store.commit();
  agree();
  store.close();
});

Deno.test("search pages: a result is let go only once nothing can come before it", () => {
  const page = new SearchPage<string>(1, 1);
  page.add(5, 10, "e");
  assert.equal(page.settle(5), false, "a block starting at 5 may hold 5s of smaller seq");
  page.add(5, 2, "f");
  page.add(7, 11, "g");
  assert.equal(page.settle(8), true);
  assert.deepEqual(page.results(), ["e"]);
});

Deno.test("history store (sqlite): after a reopen the index goes on where it stopped", () => {
  const path = tempDb();
  let store = new SqliteStore(path, nameKey);
  const fts = (word: string) => {
    const db = new DatabaseSync(path);
    const ids = db.prepare("SELECT rowid FROM history_text WHERE history_text MATCH ?").all(word);
    const waiting = db.prepare("SELECT count(*) AS n FROM history WHERE text IS NOT NULL").get()!.n;
    db.close();
    return [ids.length, waiting];
  };
  for (let i = 1; i <= 10; i++) {
    store.history.append("room", i % 2 ? message(i, `old ${i}`) : join(i), BOUNDS);
    store.commit();
  }
  store.history.upkeep(undefined, 1000);
  for (let i = 11; i <= 15; i++) {
    store.history.append("room", message(i, `new ${i}`), BOUNDS);
    store.commit();
  }
  store.close();
  assert.deepEqual(fts('"old"'), [5, 5], "the old ones indexed, five waiting");
  store = new SqliteStore(path, nameKey);
  assert.deepEqual(texts(store.history, "room", "new*"), [
    "new 11",
    "new 12",
    "new 13",
    "new 14",
    "new 15",
  ]);
  store.history.upkeep(undefined, 1000);
  store.close();
  assert.deepEqual(fts('"new"'), [5, 0]);
  assert.deepEqual(fts('"old"'), [5, 0], "none indexed twice");
});

Deno.test("the wire prefilter never refuses what the matcher takes", () => {
  const rng = prng(99);
  const alphabet = ["a", "S", "s", "ſ", "k", "\u212A", '"', "\\", "İ", "i", "x", " ", "é", "É"];
  const word = (n: number) =>
    Array.from({ length: n }, () => alphabet[int(rng, alphabet.length)]).join("");
  for (let i = 0; i < 3000; i++) {
    const update: Update = {
      type: "message",
      id: i,
      clock: 1,
      from: word(4),
      channel: "room",
      text: word(8),
    };
    const bytes = encoder.encode(printUpdate(update) + "\0");
    const spec = word(1 + int(rng, 3)).replace(/^/, int(rng, 2) ? "*" : "");
    for (const field of ["text", "from"] as const) {
      const quick = wireFilter([[field, spec]]);
      if (matchesSpec(update[field] as string, spec) && quick) {
        assert.ok(
          mayMatch(lowered(bytes), quick),
          `${field} ${JSON.stringify(update[field])} ~ ${spec}`,
        );
      }
    }
  }
});
