// Where ../shared/data is, for the JS and browser tests. A test that needs it is skipped with a
// notice when it is absent, unless LIFECIRCLE_REQUIRE_SHARED is set (as .ci/run does): then it
// runs and fails, so that CI can never pass without the reference data.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `../shared/data/<rel>`. */
export function sharedPath(rel) {
  return join(root, '..', 'shared', 'data', rel);
}

/** The `skip` option of a test that reads `../shared/data/<rel>`. */
export function needsShared(rel) {
  if (existsSync(sharedPath(rel))) return false;
  const required = process.env.LIFECIRCLE_REQUIRE_SHARED;
  if (required && required !== '0') return false; // run, and fail on the missing file
  return `needs ../shared/data/${rel}`;
}
