/** The canonical printer: parse → print → parse gives the same Scenario, and printing is stable. */
import * as assert from 'node:assert/strict';
import { parseScenario, printScenario, UnprintableError } from '../../../language-server/src/language/index.js';
import type { Scenario } from '../../../sim-core/src/index.js';
import { scenario as build } from '../../support/scenario-builder.js';
import { examples, fixture, withoutLocations } from '../support.js';

async function lower(text: string): Promise<Scenario> {
  const { scenario, diagnostics } = await parseScenario(text, 'test.execsim');
  assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
  return scenario!;
}

async function assertRoundTrip(text: string): Promise<string> {
  const first = await lower(text);
  const printed = printScenario(first);
  const second = await lower(printed);
  assert.deepEqual(withoutLocations(second), withoutLocations(first));
  assert.equal(printScenario(second), printed, 'printing the reparsed scenario gives the same text');
  return printed;
}

describe('printing scenarios', () => {
  for (const [file, text] of examples()) {
    it(`round-trips ${file}`, async () => {
      await assertRoundTrip(text);
    });
  }

  it('round-trips every construct of the language', async () => {
    await assertRoundTrip(fixture('every-construct.execsim'));
  });

  it('writes the world first, then each action followed by its expectations', async () => {
    const printed = await assertRoundTrip(
      'task a pid 1\nexpect a pid 1\nsystem linux\n'.replace('task a pid 1\nexpect a pid 1\nsystem linux\n', 'system linux\ntask a pid 1 {\n   uid    5\n}\nexpect a pid 1\na: close 0\nexpect a fd 0 closed\n'),
    );
    assert.equal(printed, 'system linux\n\ntask a pid 1 {\n  uid 5\n}\n\nexpect a pid 1\na: close 0\nexpect a fd 0 closed\n');
  });

  it('writes long runs of one character as "c" * N and repeated items as [item] * N', async () => {
    const printed = await assertRoundTrip('system linux\ntask a pid 1\na: execve /x ["a", "y" * 40 + "z", "q", "q", "q", "q", "q"]\n');
    assert.match(printed, /^a: execve \/x \["a", "y" \* 40 \+ "z"\] \+ \["q"\] \* 5$/m);
  });

  it('quotes words that would read back as keywords, and paths that are not bare paths', async () => {
    const printed = await assertRoundTrip('system linux\nfilesystem {\n  file "/with space" data\n}\ntask a pid 1 {\n  comm "fork"\n  cwd "/"\n}\na: chdir "rel/dir"\n');
    assert.match(printed, /file "\/with space" data/);
    assert.match(printed, /comm "fork"/);
    assert.match(printed, /cwd \/\n/);
    assert.match(printed, /a: chdir "rel\/dir"/);
  });

  it('names an action by label, by TASK CALL when that finds it, else by number', async () => {
    const printed = await assertRoundTrip(
      'system linux\ntask a pid 1\n@l a: close 0\na: close 1\na: close 2\nexpect @l succeeds\nexpect action 2 fails EBADF\nexpect a close fails EBADF\n',
    );
    assert.match(printed, /expect @l succeeds\nexpect action 2 fails EBADF\nexpect a close fails EBADF\n$/);
  });

  it('refuses fields that have no syntax yet, naming them', () => {
    const s = build({ tasks: [{ name: 'a', pid: 1, hurd: { ctty: '/dev/tty' } }] });
    assert.throws(() => printScenario(s), (e: unknown) => e instanceof UnprintableError && e.message === 'tasks[0].hurd has no syntax in the scenario language yet');
  });

  it('refuses names the grammar cannot read back', () => {
    const s = build({ tasks: [{ name: 'two words', pid: 1 }] });
    assert.throws(() => printScenario(s), (e: unknown) => e instanceof UnprintableError && e.message === '"two words" cannot be written as a name');
  });
});
