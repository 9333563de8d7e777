/**
 * A log follower for the NATS spike: reads a JetStream stream in order from
 * a sequence, as a cluster node's actor would read the log, and survives the
 * death of the NATS server that holds its consumer.
 *
 * @module
 */
import type { NatsConnection } from "@nats-io/transport-node";
import { type ConsumerMessages, DeliverPolicy, jetstream } from "@nats-io/jetstream";

/** A reader of a stream; {@linkcode follow} makes one. */
export interface Follower {
  /** Stop reading. */
  stop(): void;
}

/**
 * Read `stream` in order from `fromSeq` on `nc`, as a node's log follower
 * would. nats.js's ordered consumer does not always make itself anew when the
 * server holding it dies while the client's own connection lives: it may
 * report missed heartbeats for ever, or nothing at all. So the follower
 * watches it: when nothing came for `quietMs`, it asks for the consumer's
 * info; if that times out (its server is gone) or entries are pending that
 * did not come, it drops the consumer and makes a new one from the next
 * sequence. A creation placed on the dead server (nats-server 2.9 places an
 * R1 consumer on any of the stream's peers) times out and is tried again.
 */
export function follow(
  nc: NatsConnection,
  stream: string,
  fromSeq: number,
  on: (data: Uint8Array, seq: number) => void,
  log: (event: string) => void = () => {},
  quietMs = 2000,
): Follower {
  let next = fromSeq;
  let stopped = false;
  let current: ConsumerMessages | undefined;
  const js = jetstream(nc, { timeout: 1000 });
  let heard = performance.now();
  let probing = false;
  let probe: () => Promise<void> = async () => {};
  const watchdog = setInterval(() => {
    if (probing || performance.now() - heard < quietMs) return;
    probing = true;
    probe().finally(() => probing = false);
  }, quietMs / 2);
  (async () => {
    while (!stopped) {
      try {
        const c = await js.consumers.get(stream, {
          deliver_policy: DeliverPolicy.StartSequence,
          opt_start_seq: next,
        });
        const msgs = await c.consume({ max_messages: 1000, expires: 2000 });
        current = msgs;
        heard = performance.now();
        log(`consuming from ${next}`);
        if (stopped) msgs.stop();
        probe = async () => {
          const pending = await c.info().then((i) => i.num_pending, () => -1);
          if (pending === 0) heard = performance.now();
          else {
            log(pending < 0 ? "consumer info timed out" : `${pending} pending, none came`);
            msgs.stop();
          }
        };
        for await (const m of msgs) {
          heard = performance.now();
          if (m.seq < next) continue;
          next = m.seq + 1;
          on(m.data, m.seq);
        }
        log("consumer ended");
      } catch (e) {
        log(`failed: ${e}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  })();
  return {
    stop() {
      stopped = true;
      clearInterval(watchdog);
      current?.stop();
    },
  };
}

/** One follower per connection, reading `stream` from `startSeq`. */
export function orderedConsumers(
  conns: NatsConnection[],
  stream: string,
  startSeq: number,
  on: (consumer: number, data: Uint8Array, seq: number) => void,
): Follower[] {
  return conns.map((nc, i) => follow(nc, stream, startSeq, (data, seq) => on(i, data, seq)));
}
