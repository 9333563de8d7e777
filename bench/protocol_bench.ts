/**
 * Reading and printing updates, with JSON of an equivalent object as the
 * reference: `deno bench bench/protocol_bench.ts`. Not part of the test suite.
 *
 * The wire texts are decoded from UTF-8 bytes, as the framer hands them to
 * the reader, so that they are flat strings rather than the ropes that
 * concatenation makes (which are slower to scan and not what a server sees).
 *
 * @module
 */
import { printUpdate, readUpdate, type Update } from "../protocol/mod.ts";

/** A flat copy of `s`, as text decoded from the wire is. */
function flat(s: string): string {
  return new TextDecoder().decode(new TextEncoder().encode(s));
}

/** The object JSON stands in for: the update with its class as a plain field. */
function jsonEquivalent(u: Update): Record<string, unknown> {
  return { ...u };
}

const message: Update = {
  type: "message",
  id: 1234567,
  clock: 3900000000,
  from: "alice",
  channel: "lobby",
  text: "Hello everyone, how are you doing today?",
};
const messageText = flat(printUpdate(message));
const messageObject = jsonEquivalent(message);
const messageJson = flat(JSON.stringify(messageObject));

// 48 KiB of bytes are 64 KiB of base64.
const bytes = new Uint8Array(48 * 1024).map((_, i) => (i * 31 + (i >> 7)) % 256);
let binary = "";
for (const b of bytes) binary += String.fromCharCode(b);
const data: Update = {
  type: "shirakumo:data",
  id: 7654321,
  clock: 3900000000,
  from: "alice",
  channel: "lobby",
  "content-type": "image/png",
  filename: "picture.png",
  payload: btoa(binary),
};
const dataText = flat(printUpdate(data));
const dataObject = jsonEquivalent(data);
const dataJson = flat(JSON.stringify(dataObject));

Deno.bench({
  name: "JSON.parse message",
  group: "read message",
  baseline: true,
  fn: () => void JSON.parse(messageJson),
});
Deno.bench({
  name: "readUpdate message",
  group: "read message",
  fn: () => void readUpdate(messageText),
});
Deno.bench({
  name: "JSON.stringify message",
  group: "print message",
  baseline: true,
  fn: () => void JSON.stringify(messageObject),
});
Deno.bench({
  name: "printUpdate message",
  group: "print message",
  fn: () => void printUpdate(message),
});
Deno.bench({
  name: "JSON.parse 64 KiB data",
  group: "read data",
  baseline: true,
  fn: () => void JSON.parse(dataJson),
});
Deno.bench({
  name: "readUpdate 64 KiB data",
  group: "read data",
  fn: () => void readUpdate(dataText),
});
Deno.bench({
  name: "JSON.stringify 64 KiB data",
  group: "print data",
  baseline: true,
  fn: () => void JSON.stringify(dataObject),
});
Deno.bench({
  name: "printUpdate 64 KiB data",
  group: "print data",
  fn: () => void printUpdate(data),
});

if (import.meta.main) {
  console.log(
    `message: ${messageText.length} bytes (JSON ${messageJson.length}); ` +
      `data: ${dataText.length} bytes (JSON ${dataJson.length})`,
  );
}
