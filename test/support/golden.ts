/**
 * Golden files: rich outputs (traces, variable trees) compared with a checked-in
 * text file. `UPDATE_GOLDEN=1 npm test` rewrites them; review the diff before committing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this compiled file (out/test/support/golden.js). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Compares `actual` with the golden file at `relPath` (relative to the repository root). */
export function assertGolden(relPath: string, actual: string): void {
  const file = path.join(REPO_ROOT, relPath);
  const text = actual.endsWith('\n') ? actual : actual + '\n';
  if (process.env.UPDATE_GOLDEN === '1' || !fs.existsSync(file)) {
    if (!fs.existsSync(file) && process.env.CI) assert.fail(`golden file ${relPath} is missing (run UPDATE_GOLDEN=1 npm test locally)`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return;
  }
  assert.equal(text, fs.readFileSync(file, 'utf8'), `output differs from ${relPath} (UPDATE_GOLDEN=1 to accept)`);
}
