/** The TextMate grammar and language configuration editors use without the server. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { languageKeywords } from '../../../language-server/src/language/printer/tokens.js';
import { REPO_ROOT } from '../../support/golden.js';

interface Rule {
  name?: string;
  match?: string;
  patterns?: Rule[];
  captures?: Record<string, { name: string }>;
}

const DIR = path.join(REPO_ROOT, 'language-server');
const grammar = JSON.parse(fs.readFileSync(path.join(DIR, 'syntaxes/execsim.tmLanguage.json'), 'utf8')) as { scopeName: string; repository: Record<string, Rule> };

/** The scope the grammar's repository gives a whole word (the first rule that matches all of it). */
function scopeOf(word: string, rules: string[]): string | undefined {
  for (const key of rules) {
    const rule = grammar.repository[key]!;
    for (const r of rule.patterns ?? [rule]) {
      if (!r.match) continue;
      const m = new RegExp(r.match).exec(word);
      if (m && m[0] === word) return r.name;
    }
  }
  return undefined;
}

describe('editor files: TextMate grammar and language configuration', () => {
  it('colours every keyword of the scenario grammar', () => {
    const missing = [...languageKeywords()].filter((k) => /^[A-Za-z]/.test(k) && !scopeOf(k, ['keyword', 'constant']));
    assert.deepEqual(missing, [], 'add these words to syntaxes/execsim.tmLanguage.json (repository.keyword or constant)');
  });

  it('colours the call of an action by its place, for any system', () => {
    const call = new RegExp(grammar.repository.call!.match!);
    for (const [line, word] of [
      ['@x shell.worker: execve /bin/sh ["sh"]', 'execve'],
      ['login: proc_exec 3 []', 'proc_exec'],
      ['  a: file_exec_paths /bin/sh', 'file_exec_paths'],
    ] as const) {
      assert.equal(call.exec(line)?.[6], word, line);
    }
  });

  it('colours errnos, signals, flags and phase ids as such', () => {
    assert.equal(scopeOf('ENOENT', ['constant']), 'constant.language.errno.execsim');
    assert.equal(scopeOf('SIGKILL', ['constant']), 'constant.language.signal.execsim');
    assert.equal(scopeOf('O_CLOEXEC', ['constant']), 'constant.language.flag.execsim');
    assert.equal(scopeOf('linux.binfmt_elf.preflight', ['phase']), 'entity.name.tag.phase.execsim');
  });

  it('declares line comments, brackets and auto-closing quotes', () => {
    const config = JSON.parse(fs.readFileSync(path.join(DIR, 'language-configuration.json'), 'utf8')) as {
      comments: { lineComment: string };
      brackets: string[][];
      autoClosingPairs: Array<{ open: string; close: string }>;
    };
    assert.equal(grammar.scopeName, 'source.execsim');
    assert.equal(config.comments.lineComment, '//');
    assert.deepEqual(config.brackets, [['{', '}'], ['[', ']']]);
    assert.deepEqual(config.autoClosingPairs.map((p) => p.open + p.close), ['{}', '[]', '""']);
  });
});
