/**
 * The operator's HTTP listener (`--metrics-port`, on `--metrics-hostname`,
 * 127.0.0.1 unless told otherwise): `GET /health` answers 200 while the
 * server listens and its state actor answers, 503 otherwise (shutting
 * down), with the reasons as text; `GET /metrics` the Prometheus text
 * (exposition.ts).
 *
 * @module
 */
import { getLogger } from "@logtape/logtape";
import type { Registry } from "prom-client";

const log = getLogger(["lichat", "server", "metrics"]);

/** How the server is, as /health reports it. */
export interface Health {
  /** Serving, and the actor answered. */
  readonly ok: boolean;
  /** What is wrong, when not ok. */
  readonly problems: readonly string[];
}

/** Serve /health from `health` and /metrics from `registry` on `hostname:port`. */
export function serveMetrics(
  hostname: string,
  port: number,
  registry: Registry,
  health: () => Health,
): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve({
    hostname,
    port,
    onListen: (addr) =>
      log.info("Health and metrics on http://{host}:{port}/", {
        host: addr.hostname,
        port: addr.port,
      }),
  }, async (req) => {
    const path = new URL(req.url).pathname;
    if (req.method !== "GET" && req.method !== "HEAD") {
      return new Response("Only GET\n", { status: 405, headers: { allow: "GET, HEAD" } });
    }
    if (path === "/health") {
      const h = health();
      return new Response(h.ok ? "ok\n" : h.problems.join("\n") + "\n", {
        status: h.ok ? 200 : 503,
        headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
      });
    }
    if (path === "/metrics") {
      return new Response(await registry.metrics(), {
        headers: { "content-type": registry.contentType },
      });
    }
    return new Response("Not found: /health and /metrics are served here\n", { status: 404 });
  });
}
