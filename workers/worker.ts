/**
 * The worker thread's entry point: one {@linkcode ParserStage} per worker,
 * fed batches by the main isolate and answering each batch with one message.
 *
 * This file is bundled into `bundle.generated.ts` (`deno task generate`).
 *
 * @module
 */
/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />
import { packEvents, type ToWorker } from "./messages.ts";
import { ParserStage } from "./parser.ts";

let stage: ParserStage | undefined;

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  if (msg.t === "config") {
    stage = new ParserStage(msg.config);
    return;
  }
  if (!stage) return;
  if (msg.t === "reconfigure") return stage.configure(msg.config);
  const start = performance.now();
  const events = stage.handle(msg.ops, msg.now);
  if (events.length === 0) return;
  const out = { ...packEvents(events), took: performance.now() - start };
  self.postMessage(out, out.printed ? [out.printed.buffer as ArrayBuffer] : []);
};
