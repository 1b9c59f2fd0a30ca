/**
 * The generated AST, grammar and module are reproducible: regenerating them
 * with langium-cli and langium-config.json gives the committed files, byte for byte.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/golden.js';

describe('generated language files', function () {
  this.timeout(60_000);

  it('are what `npm run langium:generate` produces from the grammar', () => {
    const configPath = path.join(REPO_ROOT, 'language-server/langium-config.json');
    const config = JSON.parse(fs.readFileSync(configPath, 'utf8')) as { languages: { grammar: string }[]; out: string };
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'execsim-langium-'));
    try {
      const out = path.join(tmp, 'generated');
      const tmpConfig = {
        ...config,
        languages: config.languages.map((l) => ({ ...l, grammar: path.join(REPO_ROOT, 'language-server', l.grammar) })),
        out,
      };
      fs.writeFileSync(path.join(tmp, 'langium-config.json'), JSON.stringify(tmpConfig));
      const cli = path.join(REPO_ROOT, 'node_modules/langium-cli/bin/langium.js');
      const run = spawnSync(process.execPath, [cli, 'generate', '--file', path.join(tmp, 'langium-config.json')], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr + run.stdout);
      const committed = path.join(REPO_ROOT, 'language-server', config.out);
      const names = fs.readdirSync(out).sort();
      assert.deepEqual(names, fs.readdirSync(committed).sort());
      for (const name of names) {
        assert.equal(fs.readFileSync(path.join(committed, name), 'utf8'), fs.readFileSync(path.join(out, name), 'utf8'), `${name} differs: run npm run langium:generate and commit the result`);
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
