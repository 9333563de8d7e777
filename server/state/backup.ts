/**
 * A copy of a `--database` file taken while the server runs:
 * `deno run --allow-read=DIR --allow-write=DIR server/state/backup.ts FILE COPY`.
 *
 * It opens FILE read-only beside the server and copies it with SQLite's
 * online backup (node:sqlite's `backup`), every page in one step: one read
 * transaction, so the copy holds exactly what was committed when it began.
 * The server, in WAL mode, goes on writing meanwhile, and everything a
 * client has seen was committed before the client saw it. (`VACUUM INTO`
 * would do as well, but Deno allows it only with --allow-all, as it
 * attaches a database.) COPY must not exist yet.
 *
 * @example
 * ```ts
 * import { backup } from "./backup.ts";
 * const dir = Deno.makeTempDirSync();
 * const { SqliteStore } = await import("./sqlite.ts");
 * new SqliteStore(`${dir}/lichat.db`, (n) => n.toLowerCase()).close();
 * await backup(`${dir}/lichat.db`, `${dir}/copy.db`);
 * ```
 *
 * @module
 */
import { backup as copyPages, DatabaseSync } from "node:sqlite";

/** Copy the database at `from` into a new file `to`; throws if `to` exists or `from` cannot be read. */
export async function backup(from: string, to: string): Promise<void> {
  try {
    Deno.lstatSync(to);
    throw new Error(`${to} exists already`);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  const db = new DatabaseSync(from, { readOnly: true });
  try {
    // Every page in one step: one read transaction, so one moment's state.
    await copyPages(db, to, { rate: -1 });
  } finally {
    db.close();
  }
}

if (import.meta.main) {
  const [from, to] = Deno.args;
  if (!from || !to || Deno.args.length !== 2) {
    console.error("usage: server/state/backup.ts FILE COPY (COPY must not exist)");
    Deno.exit(2);
  }
  try {
    await backup(from, to);
  } catch (e) {
    console.error(`backup: ${(e as Error).message}`);
    Deno.exit(1);
  }
}
