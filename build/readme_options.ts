/**
 * Prints the README's option table, made from the option table
 * (server/options/): `deno run build/readme_options.ts`.
 * `tests/readme_test.ts` checks the README against the same rows.
 *
 * @module
 */
import { optionTable } from "../server/options.ts";

if (import.meta.main) console.log(optionTable());
