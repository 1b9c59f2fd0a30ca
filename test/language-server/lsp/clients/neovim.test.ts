/**
 * The server through a client we did not write: neovim 0.7.2's built-in LSP
 * client, headless, over stdio (nvim-client.lua). CI installs neovim (Debian
 * `neovim`); locally the test is skipped, saying so, when nvim is absent.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../../support/golden.js';

const SERVER = path.join(REPO_ROOT, 'out/language-server/src/lsp/main-node.js');
const SCRIPT = path.join(REPO_ROOT, 'test/language-server/lsp/clients/nvim-client.lua');

function hasNvim(): boolean {
  try {
    execFileSync('nvim', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('language server: neovim as the client', function () {
  this.timeout(180_000);

  before(function () {
    if (hasNvim()) return;
    if (process.env.CI) throw new Error('nvim is not installed: CI must install the Debian package neovim');
    console.log('    (skipped: nvim is not installed here; install the Debian package neovim to run it)');
    this.skip();
  });

  it('reports a diagnostic, completes errnos, clears the diagnostic after the edit, and hovers a call with its phases', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'execsim-nvim-'));
    try {
      const example = fs.readFileSync(path.join(REPO_ROOT, 'examples/close-on-exec.execsim'), 'utf8');
      const lines = example.split('\n');
      const execLine = lines.findIndex((l) => l.startsWith('@exec shell: execve'));
      const file = path.join(dir, 'close-on-exec.execsim');
      const badLine = lines.length - 1; // the example ends with a newline: the last element is ''
      fs.writeFileSync(file, example + 'expect @exec fails EBOGUS\n');
      const result = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${SCRIPT}`], {
        encoding: 'utf8',
        timeout: 150_000,
        env: {
          ...process.env,
          EXECSIM_LSP: SERVER,
          EXECSIM_FILE: file,
          EXECSIM_COMPLETE_AT: JSON.stringify([badLine, 'expect @exec fails '.length]),
          EXECSIM_HOVER_AT: JSON.stringify([execLine, '@exec shell: ex'.length]),
          EXECSIM_FIX_LINE: String(badLine),
          XDG_CACHE_HOME: dir,
          XDG_STATE_HOME: dir,
          XDG_DATA_HOME: dir,
          XDG_CONFIG_HOME: dir,
        },
      });
      assert.equal(result.status, 0, result.stderr);
      const out = JSON.parse(result.stdout) as { error?: string; diagnostics: Array<{ message: string; code: string; range: { start: { line: number; character: number } } }>; completion: string[]; cleared: boolean; hover: string };
      assert.equal(out.error, undefined);
      assert.deepEqual(
        out.diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.code, d.message]),
        [[badLine, 'expect @exec fails '.length, 'unknown-name', 'unknown errno EBOGUS']],
      );
      assert.ok(out.completion.includes('ENOENT') && out.completion.includes('ETXTBSY'), out.completion.join(' '));
      assert.equal(out.cleared, true);
      assert.match(out.hover, /^\*\*execve\*\* on Linux\n\nIn this scenario it succeeded\. It went past its point of no return\.\n\nPhases in this scenario:\n- `linux\.entry`/);
      assert.match(out.hover, /- `linux\.close_on_exec` \*\*do_close_on_exec\*\*[^\n]*\n  LINUX `fs\/exec\.c`: `begin_new_exec`; LINUX `fs\/file\.c`: `do_close_on_exec`/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
