import * as assert from 'node:assert/strict';
import { Engine, query, slotOf, taskOf } from '../../../sim-core/src/index.js';
import { expect, scenario } from '../../support/scenario-builder.js';
import { shellTask, suNodes } from '../../support/linux-world.js';

function suEngine() {
  return new Engine(
    scenario({
      nodes: suNodes(),
      tasks: [shellTask()],
      steps: [{ task: 'shell', call: 'execve', path: '/bin/su', argv: ['su'] }, expect({ what: 'fd-closed', task: 'shell', fd: 3 })],
    }),
    { checkInvariants: true },
  );
}

function planAt(engine: Engine, expr: string, value: string): query.EditPlan {
  return query.planEdit(expr, value, { state: engine.state });
}

/** Asserts that planning the edit fails with a message (and hint) matching `re`. */
function refuses(engine: Engine, expr: string, value: string, re: RegExp): void {
  assert.throws(
    () => planAt(engine, expr, value),
    (e: unknown) => e instanceof query.QueryError && re.test(e.text),
  );
}

describe('query edits', () => {
  it('clearing close-on-exec before exec keeps the fd open in the new program', () => {
    const engine = suEngine();
    engine.moveTo(0);
    const plan = planAt(engine, 'shell.fd[3].cloexec', 'false');
    assert.equal(plan.description, 'shell: fd 3 close-on-exec cleared');
    engine.edit(plan.apply, plan.description);
    assert.equal(engine.currentEvent?.kind, 'user-edit');
    engine.runToEnd();
    const last = engine.stateAt(engine.length - 1);
    assert.deepEqual(slotOf(last, 100, 3), { desc: slotOf(engine.initialState, 100, 3)!.desc, cloexec: false });
    assert.equal(engine.expectationResults().get(0)?.passed, false);
  });

  it('setting an fd to closed releases its description', () => {
    const engine = suEngine();
    engine.moveTo(0);
    const desc = slotOf(engine.state, 100, 4)!.desc;
    const plan = planAt(engine, 'shell.fd[4]', 'closed');
    engine.edit(plan.apply, plan.description);
    assert.equal(slotOf(engine.state, 100, 4), undefined);
    assert.equal(engine.state.descriptions.get(desc), undefined);
  });

  it('a uid change is seen by the phases after it', () => {
    const engine = suEngine();
    engine.moveTo(0);
    const plan = planAt(engine, 'shell.uid', '0');
    assert.equal(plan.description, 'shell: uid 1000 → 0');
    engine.edit(plan.apply, plan.description);
    engine.runToEnd();
    const creds = engine.events().find((e) => e.kind === 'note' && e.text.startsWith('new credentials'));
    assert.match(creds && creds.kind === 'note' ? creds.text : '', /^new credentials: uid 0 euid 0 /);
  });

  it('groups, umask and noNewPrivs can be set with their own syntax', () => {
    const engine = suEngine();
    engine.moveTo(0);
    for (const [expr, value, check] of [
      ['shell.groups', '5, 6', () => assert.deepEqual(taskOf(engine.state, 100).creds.groups, [5, 6])],
      ['shell.umask', '077', () => assert.equal(taskOf(engine.state, 100).umask, 0o77)],
      ['shell.noNewPrivs', 'true', () => assert.equal(taskOf(engine.state, 100).noNewPrivs, true)],
    ] as const) {
      const plan = planAt(engine, expr, value);
      engine.edit(plan.apply, plan.description);
      check();
    }
  });

  it('rejects values that do not fit, with the accepted form', () => {
    const engine = suEngine();
    refuses(engine, 'shell.fd[3].cloexec', 'maybe', /"maybe" is not a value for cloexec \(type true or false\)/);
    refuses(engine, 'shell.euid', '-1', /whole numbers from 0 to 4294967295/);
    refuses(engine, 'shell.umask', '0999', /"0999" is not an octal umask/);
    refuses(engine, 'shell.fd[3]', 'open', /only be set to closed \(type closed to close it/);
  });

  it('says which values can change when one cannot', () => {
    refuses(suEngine(), 'shell.pid', '5', /shell\.pid cannot be changed \(these can: an fd/);
  });
});
