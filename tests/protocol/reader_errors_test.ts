/** What the reader refuses: malformed input, and lists past its limits. */
import assert from "node:assert/strict";
import { DEFAULT_MAX_DEPTH, DEFAULT_MAX_ELEMENTS, type Value } from "../../protocol/mod.ts";
import { assertMalformed, read } from "./reading.ts";

// ---------------------------------------------------------------- errors

Deno.test("errors: malformed input raises LichatError malformed-update", () => {
  const bad = [
    // nothing
    "",
    "   ",
    "\t\n",
    // unclosed strings
    '"unclosed',
    '"abc\\"',
    '"ends with backslash\\',
    '("a" "b)',
    // unclosed lists
    "(",
    "(1 2",
    "((())",
    '(a "b" (c)',
    // stray ')'
    ")",
    "())",
    "(a))",
    "a)",
    " ) ",
    // trailing garbage
    "(a) b",
    "(a)(b)",
    '"a" "b"',
    "1 2",
    "(ping :id 1)x",
    "a b",
    // numbers running into names
    "1x",
    "12abc",
    ".x",
    "1.2.3",
    // empty names
    "pkg:",
    ":",
    "(: a)",
    "(a :)",
    "lichat:",
    ':"x"',
    "::a",
    // a backslash at the end
    "abc\\",
    ":\\",
    "(a \\",
    // NUL anywhere (§1.3; the terminator is not part of the text)
    "(a\0b)",
    '"a\0b"',
    '"\\\0"',
    "a\\\0",
    "(ping :id 1)\0",
    "\0",
  ];
  for (const t of bad) assertMalformed(t);
});

Deno.test("errors: the message says where", () => {
  const e = assertMalformed("(a))");
  assert.match(e.message, /character 3/);
  assert.equal(e.updateId, undefined);
});

// ---------------------------------------------------------------- limits

Deno.test("limits: list nesting up to maxDepth, one more is an error", () => {
  const nest = (n: number) => "(".repeat(n) + ")".repeat(n);
  read(nest(DEFAULT_MAX_DEPTH));
  assertMalformed(nest(DEFAULT_MAX_DEPTH + 1));
  assert.deepEqual(read("((((1))))", { maxDepth: 4 }), [[[[1]]]]);
  assertMalformed("(((((1)))))", { maxDepth: 4 });
  assertMalformed("(1 (2 (3 (4 (5)))))", { maxDepth: 4 });
  assert.deepEqual(read("(1 (2) (3) (4))", { maxDepth: 2 }), [1, [2], [3], [4]]);
  assertMalformed("()", { maxDepth: 0 });
  assert.equal(read('"no lists"', { maxDepth: 0 }), "no lists");
});

Deno.test("limits: deep nesting is an error or a value, never a RangeError", () => {
  const n = 100000;
  // Unbalanced, at the default depth and with none at all.
  assertMalformed("(".repeat(n));
  assertMalformed("(".repeat(n), { maxDepth: Infinity });
  assertMalformed("(".repeat(n) + ")".repeat(n));
  assertMalformed("(".repeat(n) + ")".repeat(n - 1), { maxDepth: Infinity });
  // Balanced and allowed: read with an explicit stack, not recursion.
  let v = read("(".repeat(n) + "1" + ")".repeat(n), { maxDepth: Infinity });
  let depth = 0;
  while (Array.isArray(v)) {
    assert.equal(v.length, 1);
    v = v[0];
    depth++;
  }
  assert.equal(depth, n);
  assert.equal(v, 1);
});

Deno.test("limits: elements per list up to maxElements, one more is an error", () => {
  assert.deepEqual(read("(1 2 3 4)", { maxElements: 4 }), [1, 2, 3, 4]);
  assertMalformed("(1 2 3 4 5)", { maxElements: 4 });
  // The limit is per list.
  assert.equal((read("((1 2 3 4) (1 2 3 4))", { maxElements: 4 }) as Value[]).length, 2);
  assertMalformed("((1 2 3 4 5))", { maxElements: 4 });
  assertMalformed("(() () () () ())", { maxElements: 4 });
  const list = (k: number) => "(" + "1 ".repeat(k) + ")";
  assert.equal((read(list(DEFAULT_MAX_ELEMENTS)) as Value[]).length, DEFAULT_MAX_ELEMENTS);
  assertMalformed(list(DEFAULT_MAX_ELEMENTS + 1));
  assert.equal((read(list(100000), { maxElements: Infinity }) as Value[]).length, 100000);
});
