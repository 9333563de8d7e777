/**
 * The NUL framer (§3.1): chunking, invalid UTF-8, size limits, empty frames.
 */
import assert from "node:assert/strict";
import { type Frame, Framer } from "../../protocol/mod.ts";
import { int, prng } from "./prng.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const bytes = (...b: number[]) => new Uint8Array(b);
const text = (t: string): Frame => ({ kind: "text", text: t });

function feed(f: Framer, chunks: Uint8Array[]): Frame[] {
  return chunks.flatMap((c) => f.push(c));
}

/** Every byte of `b` as its own chunk. */
function byteByByte(b: Uint8Array): Uint8Array[] {
  return [...b].map((x) => bytes(x));
}

Deno.test("one update split byte by byte, even inside multi-byte characters", () => {
  const update = '(message :id 1 :channel "日本" :text "é😀 ok")';
  const f = new Framer({ maxSize: 1000 });
  const all = enc(update + "\0");
  const frames: Frame[] = [];
  for (const chunk of byteByByte(all)) {
    frames.push(...f.push(chunk));
    assert.ok(f.buffered <= 1000);
  }
  assert.deepEqual(frames, [text(update)]);
  assert.equal(f.buffered, 0);
});

Deno.test("one update split in two at every position", () => {
  const update = '(message :text "ä日😀")';
  const all = enc(update + "\0(ping :id 2)\0");
  for (let i = 0; i <= all.length; i++) {
    const f = new Framer({ maxSize: 1000 });
    const frames = feed(f, [all.subarray(0, i), all.subarray(i)]);
    assert.deepEqual(frames, [text(update), text("(ping :id 2)")], `split at ${i}`);
  }
});

Deno.test("one update in random chunks", () => {
  const rand = prng(31);
  const updates = Array.from(
    { length: 50 },
    (_, i) => `(message :id ${i} :text "${"日😀x".repeat(i)}")`,
  );
  const all = enc(updates.map((u) => u + "\0").join(""));
  for (let round = 0; round < 20; round++) {
    const f = new Framer({ maxSize: 4096 });
    const frames: Frame[] = [];
    for (let at = 0; at < all.length;) {
      const n = 1 + int(rand, 64);
      frames.push(...f.push(all.subarray(at, at + n)));
      at += n;
    }
    assert.deepEqual(frames, updates.map(text));
  }
});

Deno.test("many updates in one chunk, and an unfinished tail kept for the next", () => {
  const f = new Framer({ maxSize: 1000 });
  const many = Array.from({ length: 1000 }, (_, i) => `(ping :id ${i})`);
  assert.deepEqual(f.push(enc(many.join("\0") + "\0")), many.map(text));
  assert.deepEqual(f.push(enc("(a)\0(b)\0(c")), [text("(a)"), text("(b)")]);
  assert.equal(f.buffered, 2);
  assert.deepEqual(f.push(enc("d")), []);
  assert.equal(f.buffered, 3);
  assert.deepEqual(f.push(enc(")\0")), [text("(cd)")]);
  assert.equal(f.buffered, 0);
});

Deno.test("the framer keeps no reference to a chunk it was given", () => {
  const f = new Framer({ maxSize: 1000 });
  const chunk = enc("(ab");
  assert.deepEqual(f.push(chunk), []);
  chunk.fill(0x7a);
  assert.deepEqual(f.push(enc("c)\0")), [text("(abc)")]);
  const whole = enc("(x)\0");
  const frames = f.push(whole);
  whole.fill(0x7a);
  assert.deepEqual(frames, [text("(x)")]);
});

Deno.test("empty frames are skipped", () => {
  const f = new Framer({ maxSize: 1000 });
  assert.deepEqual(f.push(enc("\0\0\0")), []);
  assert.deepEqual(f.push(enc("(a)\0\0\0(b)\0\0")), [text("(a)"), text("(b)")]);
  assert.deepEqual(feed(f, [enc("\0"), enc("\0"), enc("(c)"), enc("\0"), enc("\0")]), [
    text("(c)"),
  ]);
  assert.equal(f.buffered, 0);
});

Deno.test("invalid UTF-8 gives a bad-utf8 frame and the stream goes on", () => {
  const bad: [string, Uint8Array][] = [
    ["a truncated two-byte sequence", bytes(0x28, 0xc3, 0x28, 0x29)],
    ["a lone continuation byte", bytes(0x80)],
    ["0xFF", bytes(0x28, 0xff, 0x29)],
    ["an overlong encoding of '/'", bytes(0xc0, 0xaf)],
    ["an overlong NUL", bytes(0xc0, 0x80)],
    ["an encoded surrogate", bytes(0xed, 0xa0, 0x80)],
    ["beyond U+10FFFF", bytes(0xf4, 0x90, 0x80, 0x80)],
    ["a sequence cut off by the NUL", bytes(0x28, 0xe6, 0x97)],
  ];
  for (const [what, b] of bad) {
    const f = new Framer({ maxSize: 1000 });
    const frames = feed(f, [b, bytes(0), enc("(ok)\0")]);
    assert.deepEqual(frames, [{ kind: "bad-utf8", size: b.length }, text("(ok)")], what);
    // The same, byte by byte.
    const g = new Framer({ maxSize: 1000 });
    const framesByByte = feed(g, byteByByte(new Uint8Array([...b, 0, ...enc("(ok)\0")])));
    assert.deepEqual(framesByByte, [{ kind: "bad-utf8", size: b.length }, text("(ok)")], what);
  }
});

Deno.test("a byte order mark is kept as text, not dropped or rejected", () => {
  const f = new Framer({ maxSize: 1000 });
  assert.deepEqual(f.push(bytes(0xef, 0xbb, 0xbf, 0x28, 0x29, 0)), [text("\ufeff()")]);
});

Deno.test("an oversized update is one too-long frame, never buffered whole", () => {
  const max = 100;
  const f = new Framer({ maxSize: max });
  const out: Frame[] = [];
  for (let i = 0; i < 1000; i++) {
    out.push(...f.push(enc("x".repeat(50))));
    assert.ok(f.buffered <= max, `buffered ${f.buffered}`);
  }
  out.push(...f.push(enc("tail\0(next)\0")));
  assert.deepEqual(out, [{ kind: "too-long", size: 50004 }, text("(next)")]);
  assert.equal(f.buffered, 0);
});

Deno.test("the size limit: exactly maxSize bytes pass, one more does not", () => {
  const f = new Framer({ maxSize: 100 });
  assert.deepEqual(f.push(enc("y".repeat(100) + "\0")), [text("y".repeat(100))]);
  assert.deepEqual(f.push(enc("y".repeat(101) + "\0")), [{ kind: "too-long", size: 101 }]);
  // Split so that the limit is passed by the chunk holding the NUL.
  assert.deepEqual(feed(f, [enc("y".repeat(60)), enc("y".repeat(41) + "\0(a)\0")]), [
    { kind: "too-long", size: 101 },
    text("(a)"),
  ]);
  assert.deepEqual(feed(f, [enc("y".repeat(60)), enc("y".repeat(40) + "\0")]), [
    text("y".repeat(100)),
  ]);
  // Several in a row, then a good one.
  assert.deepEqual(f.push(enc("z".repeat(150) + "\0" + "z".repeat(150) + "\0(b)\0")), [
    { kind: "too-long", size: 150 },
    { kind: "too-long", size: 150 },
    text("(b)"),
  ]);
});

Deno.test("the size limit counts bytes, not characters", () => {
  const f = new Framer({ maxSize: 4 });
  assert.deepEqual(f.push(enc("éé\0")), [text("éé")]);
  assert.deepEqual(f.push(enc("éé.\0")), [{ kind: "too-long", size: 5 }]);
  assert.deepEqual(f.push(enc("😀\0")), [text("😀")]);
  assert.deepEqual(feed(f, byteByByte(enc("😀x\0"))), [{ kind: "too-long", size: 5 }]);
});

Deno.test("an oversized update streamed in large chunks stays bounded", () => {
  const max = 64 * 1024;
  const f = new Framer({ maxSize: max });
  const chunk = enc("q".repeat(48 * 1024));
  const out: Frame[] = [];
  for (let i = 0; i < 64; i++) {
    out.push(...f.push(chunk));
    assert.ok(f.buffered <= max);
  }
  out.push(...f.push(enc("\0(after)\0")));
  assert.deepEqual(out, [{ kind: "too-long", size: 64 * 48 * 1024 }, text("(after)")]);
});

Deno.test("decodeChunks gives the same frames as decoding one by one, in any chunking", () => {
  const rand = prng(7);
  const pieces = [
    '(message :id 1 :text "plain")',
    '(message :text "ä日😀")',
    "",
    "x".repeat(40), // over the limit below
    "BAD", // stands for bytes that are not UTF-8
    "  (ping :id 2)  ",
  ];
  for (let round = 0; round < 300; round++) {
    const parts: Uint8Array[] = [];
    for (let i = 0; i < 1 + int(rand, 12); i++) {
      const p = pieces[int(rand, pieces.length)];
      parts.push(p === "BAD" ? bytes(0x62, 0xff, 0x21, 0) : enc(p + "\0"));
    }
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) all.set(p, (at += p.length) - p.length);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < all.length;) {
      const n = 1 + int(rand, 80);
      chunks.push(all.slice(i, i + n));
      i += n;
    }
    const one = feed(new Framer({ maxSize: 32 }), chunks);
    const whole = feed(new Framer({ maxSize: 32, decodeChunks: true }), chunks);
    assert.deepEqual(whole, one, `round ${round}`);
  }
});
