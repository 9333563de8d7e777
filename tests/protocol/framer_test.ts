/** The NUL framer: chunking, invalid UTF-8, size limits. */
import assert from "node:assert/strict";
import { type Frame, Framer } from "../../protocol/mod.ts";

const enc = (s: string) => new TextEncoder().encode(s);

function feed(f: Framer, chunks: Uint8Array[]): Frame[] {
  return chunks.flatMap((c) => f.push(c));
}

Deno.test("one update split byte by byte, even inside a multi-byte character", () => {
  const bytes = enc('(message :text "日本😀")\0');
  const f = new Framer({ maxSize: 1000 });
  const frames = feed(f, [...bytes].map((b) => new Uint8Array([b])));
  assert.deepEqual(frames, [{ kind: "text", text: '(message :text "日本😀")' }]);
  assert.equal(f.buffered, 0);
});

Deno.test("many updates in one chunk, and a tail kept for the next", () => {
  const f = new Framer({ maxSize: 1000 });
  assert.deepEqual(f.push(enc("(a)\0(b)\0\0(c")), [
    { kind: "text", text: "(a)" },
    { kind: "text", text: "(b)" },
  ]);
  assert.equal(f.buffered, 2);
  assert.deepEqual(f.push(enc(")\0")), [{ kind: "text", text: "(c)" }]);
});

Deno.test("invalid UTF-8 is reported and the stream goes on", () => {
  const f = new Framer({ maxSize: 1000 });
  const frames = feed(f, [new Uint8Array([0x28, 0xc3, 0x28, 0x29, 0]), enc("(ok)\0")]);
  assert.equal(frames[0].kind, "bad-utf8");
  assert.deepEqual(frames[1], { kind: "text", text: "(ok)" });
});

Deno.test("an oversized update is skipped while it streams in, never buffered whole", () => {
  const f = new Framer({ maxSize: 100 });
  const out: Frame[] = [];
  for (let i = 0; i < 1000; i++) {
    out.push(...f.push(enc("x".repeat(50))));
    assert.ok(f.buffered <= 100);
  }
  out.push(...f.push(enc("tail\0(next)\0")));
  assert.deepEqual(out, [{ kind: "too-long", size: 50004 }, { kind: "text", text: "(next)" }]);
  // Exactly at the limit is fine; one more byte is not.
  assert.deepEqual(f.push(enc("y".repeat(100) + "\0")), [{ kind: "text", text: "y".repeat(100) }]);
  assert.deepEqual(f.push(enc("y".repeat(101) + "\0")), [{ kind: "too-long", size: 101 }]);
});
