/**
 * The NATS harness (tests/helpers/nats.ts) against the real nats-server: a
 * three-replica stream keeps every acknowledged entry, in order, through the
 * `kill -9` of its leader, and a KV bucket's compare-and-set lets exactly one
 * of two racing writers win. These are the two JetStream guarantees the
 * cluster design (docs/cluster.md) builds on.
 */
import assert from "node:assert/strict";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, type PubAck } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { type NatsCluster, natsTest, natsVersionAtLeast } from "../helpers/nats.ts";

const text = new TextDecoder();

/** A client that knows every server, so it reconnects past a dead one. */
function client(cluster: NatsCluster, first = 0): Promise<NatsConnection> {
  const urls = cluster.urls;
  return connect({
    servers: [...urls.slice(first), ...urls.slice(0, first)],
    maxReconnectAttempts: -1,
    reconnectTimeWait: 100,
  });
}

/** Try `fn` until it succeeds, or throw its last error after `deadline`. */
async function retry<T>(fn: () => Promise<T>, deadline: number): Promise<T> {
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/**
 * Publish entry `n` with an ack. While a new stream leader is elected the
 * publish times out or finds no responder, so it is retried with the same
 * message id: JetStream's duplicate window keeps the entry once.
 */
function append(js: ReturnType<typeof jetstream>, n: number, deadline: number): Promise<PubAck> {
  return retry(
    () => js.publish(`log.${n % 3}`, `entry ${n}`, { msgID: `e${n}`, timeout: 1000 }),
    deadline,
  );
}

natsTest("NATS: a 3-replica stream keeps every acked entry in order through kill -9", async (
  cluster,
  t,
) => {
  const nc = await client(cluster);
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "LOG", subjects: ["log.>"], num_replicas: 3 });
    const js = jetstream(nc);
    const deadline = Date.now() + 20000;
    const seqs: number[] = [];
    for (let n = 1; n <= 50; n++) seqs.push((await append(js, n, deadline)).seq);
    assert.deepEqual(seqs, Array.from({ length: 50 }, (_, i) => i + 1));

    // The worst server to lose: the stream's leader.
    const leader = (await jsm.streams.info("LOG")).cluster?.leader;
    assert.ok(leader, "the stream has a leader");
    const victim = cluster.indexOf(leader);
    assert.ok(victim >= 0, `leader ${leader} is one of ours`);
    await cluster.kill(victim);

    await t.step("publishes go on with two servers of three", async () => {
      for (let n = 51; n <= 100; n++) {
        const ack = await append(js, n, deadline);
        assert.equal(ack.seq, n, `entry ${n} got sequence ${ack.seq}`);
      }
      const info = await jsm.streams.info("LOG");
      assert.notEqual(info.cluster?.leader, leader, "a new leader took over");
      assert.equal(info.state.messages, 100);
    });

    await t.step("an ordered consumer reads everything back in order", async () => {
      // Making a consumer goes through the meta leader, which may have been
      // the server killed too: wait for the survivors to elect one.
      await cluster.waitReady();
      // nats-server 2.9 places an ordered (R1) consumer on any of the
      // stream's peers, the dead one too, whose creation then times out.
      const js = jetstream(nc, { timeout: 1000 });
      const consumer = await retry(() => js.consumers.get("LOG"), Date.now() + 20000);
      const got: string[] = [];
      const batch = await consumer.fetch({ max_messages: 100, expires: 5000 });
      for await (const m of batch) {
        assert.equal(m.seq, got.length + 1);
        got.push(text.decode(m.data));
      }
      assert.deepEqual(got, Array.from({ length: 100 }, (_, i) => `entry ${i + 1}`));
    });

    await t.step("the killed server restarts and catches up", async () => {
      await cluster.restart(victim);
      // /healthz on every server (waitReady) covers streams being current;
      // the stream's own view must agree.
      const info = await jsm.streams.info("LOG");
      const peers = [info.cluster?.leader, ...(info.cluster?.replicas ?? []).map((r) => r.name)];
      assert.deepEqual(peers.toSorted(), ["n1", "n2", "n3"]);
      assert.ok(info.cluster?.replicas?.every((r) => r.current && !r.offline), "replicas current");
    });
  } finally {
    await nc.close();
  }
});

/** Run `a` and `b` at once `rounds` times; in each round exactly one may succeed. */
async function race(
  rounds: number,
  a: (round: number) => Promise<unknown>,
  b: (round: number) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    const results = await Promise.allSettled([a(i), b(i)]);
    const won = results.filter((r) => r.status === "fulfilled").length;
    assert.equal(won, 1, `round ${i}: ${won} winners (${JSON.stringify(results)})`);
  }
}

natsTest("NATS: compare-and-set in KV and on a stream lets exactly one writer win", async (
  cluster,
  t,
) => {
  // Two clients, on two servers, as two Lichat nodes would be.
  const a = await client(cluster, 0);
  const b = await client(cluster, 1);
  try {
    const kv = await new Kvm(a).create("leases", { replicas: 3, history: 1 });
    const kvB = await new Kvm(b).open("leases");

    await t.step("create and update with a revision, one writer", async () => {
      const r1 = await kv.create("node.alpha", "owner-1");
      await assert.rejects(kv.create("node.alpha", "owner-2"), "create refuses an existing key");
      const r2 = await kv.update("node.alpha", "owner-1 again", r1);
      assert.ok(r2 > r1);
      await assert.rejects(kv.update("node.alpha", "stale", r1), "a stale revision is refused");
      const entry = await kv.get("node.alpha");
      assert.equal(entry?.string(), "owner-1 again");
      assert.equal(entry?.revision, r2);
    });

    await t.step("two racing creates of a fresh key: one wins", async () => {
      await race(
        20,
        (i) => kv.create(`fresh.${i}`, "a"),
        (i) => kvB.create(`fresh.${i}`, "b"),
      );
    });

    await t.step("two racing appends expecting the stream's last sequence: one wins", async () => {
      const jsm = await jetstreamManager(a);
      await jsm.streams.add({ name: "CAS", subjects: ["cas.>"], num_replicas: 3 });
      const jsA = jetstream(a);
      const jsB = jetstream(b);
      // Each round appends one entry, so before round i the last is i.
      await race(
        20,
        (i) => jsA.publish(`cas.${i}`, "a", { expect: { lastSequence: i } }),
        (i) => jsB.publish(`cas.${i}`, "b", { expect: { lastSequence: i } }),
      );
      assert.equal((await jsm.streams.info("CAS")).state.last_seq, 20);
    });

    // nats-server before 2.9.21 checks a clustered stream's expected last
    // sequence per subject (what KV update sends) only before the entry
    // goes through Raft, so two racing updates can both be accepted
    // (nats-server#4320). Debian 12 ships 2.9.10: the design does not rely on it.
    const fixed = natsVersionAtLeast([2, 9, 21]);
    await t.step({
      name: `two racing updates from one revision: one wins${fixed ? "" : " (needs ≥ 2.9.21)"}`,
      ignore: !fixed,
      fn: async () => {
        const base = await kv.create("contended", "0");
        await race(
          20,
          (i) => kv.update("contended", `a${i}`, base + i),
          (i) => kvB.update("contended", `b${i}`, base + i),
        );
      },
    });
  } finally {
    await a.close();
    await b.close();
  }
});
