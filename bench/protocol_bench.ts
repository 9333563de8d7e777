/**
 * Reading and printing updates against JSON as the reference:
 * `deno bench bench/protocol_bench.ts`. Not part of the test suite.
 *
 * @module
 */
import { printUpdate, readUpdate, type Update } from "../protocol/mod.ts";

const message: Update = {
  type: "message",
  id: 1234567,
  clock: 3900000000,
  from: "alice",
  channel: "lobby",
  text: "Hello everyone, how are you doing today?",
};
const messageText = printUpdate(message);
const messageJson = JSON.stringify(message);

const payload = btoa(String.fromCharCode(...new Uint8Array(48 * 1024).map((_, i) => i * 31 % 256)));
const data: Update = {
  type: "shirakumo:data",
  id: 7654321,
  clock: 3900000000,
  from: "alice",
  channel: "lobby",
  "content-type": "image/png",
  filename: "picture.png",
  payload,
};
const dataText = printUpdate(data);
const dataJson = JSON.stringify(data);

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
  fn: () => void JSON.stringify(message),
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
  fn: () => void JSON.stringify(data),
});
Deno.bench({
  name: "printUpdate 64 KiB data",
  group: "print data",
  fn: () => void printUpdate(data),
});

if (import.meta.main) {
  console.log(`message: ${messageText.length} bytes; data: ${dataText.length} bytes`);
}
