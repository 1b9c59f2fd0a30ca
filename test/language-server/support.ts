/** Shared helpers of the scenario language tests. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/golden.js';

export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

/** Every example, as [relative path, text]. */
export function examples(): Array<[string, string]> {
  return fs
    .readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.execsim'))
    .sort()
    .map((f) => [`examples/${f}`, fs.readFileSync(path.join(EXAMPLES_DIR, f), 'utf8')]);
}

export function fixture(name: string): string {
  return fs.readFileSync(path.join(REPO_ROOT, 'test/language-server/fixtures', name), 'utf8');
}

/** A Scenario without source locations and file name, for comparing lowerings of different texts. */
export function withoutLocations<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (k, v) => (k === 'loc' || k === 'file' ? undefined : v))) as T;
}

/** JSON for golden files: strings longer than 200 characters are summarised. */
export function goldenJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v) => (typeof v === 'string' && v.length > 200 ? `${v.slice(0, 40)}… [${v.length} characters]` : v),
    2,
  );
}
