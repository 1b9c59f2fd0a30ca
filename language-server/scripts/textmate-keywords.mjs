#!/usr/bin/env node
/**
 * Writes the scenario grammar's keywords into the TextMate grammar's keyword
 * rule, so editors that colour without the server know every word of every
 * system's section. Run by `npm run langium:generate` after Langium has
 * regenerated src/language/generated/grammar.ts, which it reads.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const generated = readFileSync(join(root, 'src/language/generated/grammar.ts'), 'utf8');
const tmPath = join(root, 'syntaxes/execsim.tmLanguage.json');
const tm = JSON.parse(readFileSync(tmPath, 'utf8'));

const words = new Set();
for (const m of generated.matchAll(/\\?"\$type\\?":\\?"Keyword\\?",\\?"value\\?":\\?"([^"\\]+)\\?"/g)) {
  if (/^[A-Za-z][A-Za-z0-9_]*$/.test(m[1])) words.add(m[1]);
}
const rules = tm.repository.keyword.patterns;
const other = rules.find((r) => r.name === 'keyword.other.execsim');
if (!other) throw new Error(`${tmPath}: no keyword.other.execsim rule`);
// Words the constant rules colour already (AT_SECURE, …) stay theirs.
const constants = tm.repository.constant.patterns.map((r) => new RegExp(`^(?:${r.match})$`));
const list = [...words].filter((w) => !constants.some((re) => re.test(w)));
// Longest first, so that a word is never cut short by a prefix of it.
list.sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
other.match = `(?<![\\w./-])(?:${list.join('|')})(?![\\w-])`;
writeFileSync(tmPath, JSON.stringify(tm, null, 2) + '\n');
console.log(`${tmPath}: ${list.length} keywords`);
