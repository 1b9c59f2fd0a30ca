import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkLaunchArguments } from '../../debug-adapter/src/index.js';
import { SYSTEMS } from '../../sim-core/src/index.js';
import { parseScenario } from '../../language-server/src/language/index.js';
import { REPO_ROOT } from '../support/golden.js';

const EXTENSION = path.join(REPO_ROOT, 'extension');
const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION, 'package.json'), 'utf8'));
const debuggerEntry = manifest.contributes.debuggers[0];
const launchSchema = debuggerEntry.configurationAttributes.launch;

/** A snippet body with each placeholder replaced by its default text. */
function expand(body: readonly string[]): string {
  return body.join('\n').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '').replace(/\t/g, '  ');
}

describe('extension: the manifest', () => {
  it('activates on execsim documents and debug launches only, never on startup', () => {
    assert.deepEqual(manifest.activationEvents, ['onLanguage:execsim', 'onDebugResolve:execsim']);
  });

  it('declares support for untrusted workspaces (scenarios are simulated, nothing is executed)', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
  });

  it('describes every launch attribute the debug adapter reads, with the adapter\'s values', () => {
    assert.deepEqual(Object.keys(launchSchema.properties).sort(), ['noDebug', 'scenario', 'stepGranularity', 'stopOnEntry', 'system', 'trace']);
    for (const [name, p] of Object.entries<{ description?: string }>(launchSchema.properties)) assert.ok(p.description, `${name} has a description`);
    assert.deepEqual(launchSchema.required, ['scenario']);
    assert.deepEqual([...launchSchema.properties.system.enum].sort(), [...SYSTEMS].sort());
    for (const g of launchSchema.properties.stepGranularity.enum) assert.equal(checkLaunchArguments({ scenario: 'x', stepGranularity: g }).stepGranularity, g);
  });

  it('has initial configurations the debug adapter accepts', () => {
    for (const c of debuggerEntry.initialConfigurations) {
      assert.equal(c.type, 'execsim');
      assert.equal(checkLaunchArguments(c).scenario, '${file}');
    }
  });

  it('offers snippets that are valid scenarios or statements once expanded', async () => {
    const snippets = JSON.parse(fs.readFileSync(path.join(EXTENSION, 'snippets', 'execsim.json'), 'utf8')) as Record<string, { body: string[] }>;
    const whole = expand(snippets['Linux scenario']!.body);
    const parsed = await parseScenario(whole, 'snippet.execsim');
    assert.deepEqual(parsed.diagnostics.map((d) => d.message), []);
    // The other snippets are parts: each is put into the whole scenario it belongs in.
    const parts: Record<string, (text: string) => string> = {
      task: (t) => whole.replace(/^@exec[\s\S]*$/m, '') + '\n' + t.replace('task name pid 100', 'task other pid 200'),
      filesystem: (t) => `system linux\n${t}\ntask shell pid 100 {\n  uid 1000 gid 1000\n}\nshell: execve /bin/sh ["sh"]\n`,
      execve: (t) => whole.replace(/^@exec[\s\S]*$/m, t),
      'expect fds': (t) => whole + '\n' + t,
    };
    for (const [name, place] of Object.entries(parts)) {
      const text = place(expand(snippets[name]!.body));
      const result = await parseScenario(text, `${name}.execsim`);
      assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), [], `${name}:\n${text}`);
    }
  });

  it('ships only what VS Code loads: .vscodeignore leaves out the sources and scripts', () => {
    const ignore = fs.readFileSync(path.join(EXTENSION, '.vscodeignore'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    assert.deepEqual(ignore, ['**', '!package.json', '!dist/**', '!snippets/**', '!images/icon.png', '!images/walkthrough.png', '!README.md', '!CHANGELOG.md', '!LICENSE']);
  });
});
