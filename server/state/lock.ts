/**
 * One server per database file: an exclusive OS lock (flock) on a lock file
 * beside the database, taken before the database is opened and held until
 * the server stops. The operating system lets go of it when the process
 * dies, even by SIGKILL, so a crash leaves no stale lock. (SQLite's own
 * `locking_mode = EXCLUSIVE` would also shut out the server's other
 * connections to the file and every backup tool.)
 *
 * The database is made with mode 0600, so that only the server's user can
 * read the password hashes in it; SQLite gives its `-wal` and `-shm` files
 * the same mode.
 *
 * @example
 * ```ts
 * import { lockDatabase } from "./lock.ts";
 * const dir = Deno.makeTempDirSync();
 * const lock = lockDatabase(`${dir}/lichat.db`);
 * lock.release();
 * ```
 *
 * @module
 */

/** A held lock on a database file. */
export interface DatabaseLock {
  /** The lock file's path. */
  readonly path: string;
  /** Let go of the lock (the process ending does the same). */
  release(): void;
}

/** The mode bits a database file may have: read and write for its owner. */
export const DATABASE_MODE = 0o600;

/**
 * Lock the database at `path` for this process, creating the file with mode
 * 0600 if it does not exist. Throws an error naming the file if another
 * process holds it. Returns the mode bits of an existing file that others
 * may read, for the caller to warn about.
 */
export function lockDatabase(path: string): DatabaseLock & { readonly loose?: number } {
  const lockPath = `${path}.lock`;
  const file = Deno.openSync(lockPath, { read: true, write: true, create: true, mode: 0o600 });
  if (!file.tryLockSync(true)) {
    file.close();
    throw new Error(`the database ${path} is in use by another server (${lockPath} is locked)`);
  }
  let loose: number | undefined;
  try {
    // `createNew` fails on an existing file, which keeps the mode it has.
    Deno.openSync(path, { write: true, createNew: true, mode: DATABASE_MODE }).close();
    Deno.chmodSync(path, DATABASE_MODE); // whatever the umask
  } catch (e) {
    if (!(e instanceof Deno.errors.AlreadyExists)) {
      file.close();
      throw e;
    }
    const mode = Deno.statSync(path).mode;
    if (mode !== null && (mode & 0o077) !== 0) loose = mode & 0o777;
  }
  let held = true;
  return {
    path: lockPath,
    loose,
    release() {
      if (!held) return;
      held = false;
      file.close(); // closing the descriptor lets go of the lock
    },
  };
}
