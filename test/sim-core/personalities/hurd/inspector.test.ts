import * as assert from 'node:assert/strict';
import { query } from '../../../../sim-core/src/index.js';
import { checkHurdInvariants } from '../../../../sim-core/src/personalities/hurd/invariants.js';
import { hurdInspector } from '../../../../sim-core/src/personalities/hurd/inspector.js';
import { EXAMPLES } from './examples.js';
import { run } from './support.js';

function atStart() {
  const engine = run(EXAMPLES['same-task-cloexec']!());
  const state = engine.stateAt(0);
  return { engine, state, ctx: { state, inspector: hurdInspector } };
}

function rowNamed(ctx: query.QueryContext, text: RegExp): query.QValue {
  const ns = query.evaluate('ports(shell)', ctx);
  assert.equal(ns.kind, 'table');
  if (ns.kind !== 'table') throw new Error();
  const row = ns.entries(0, ns.size).find(([, v]) => text.test(v.display));
  assert.ok(row, `no name matching ${text}`);
  return row[1];
}

describe('Hurd views', () => {
  it('lists a task\'s port names with their rights and what each port is', () => {
    const { ctx } = atStart();
    const motd = rowNamed(ctx, /\/etc\/motd/);
    assert.match(motd.display, /^name \d+: send ×1 → io \/etc\/motd \(O_READ\) uids 1000$/);
    assert.match(motd.path!, /^ports\(shell\)\[\d+\]$/);
    assert.equal(query.evaluate(`${motd.path}.receiver`, ctx).display.startsWith('ext2fs'), true);
  });

  it('lists the names holding one kind of right as ports(task).send, .receive, …', () => {
    const { ctx } = atStart();
    const send = query.evaluate('ports(shell).send', ctx);
    const receive = query.evaluate('ports(shell).receive', ctx);
    assert.equal(send.kind, 'table');
    if (send.kind !== 'table' || receive.kind !== 'table') return;
    assert.ok(send.size > 0 && send.entries(0, send.size).every(([, v]) => /: (receive\+)?send ×\d+/.test(v.display)));
    assert.ok(receive.size > 0 && receive.entries(0, receive.size).every(([, v]) => /: receive/.test(v.display)));
    assert.deepEqual(query.complete('ports(shell).se', 15, ctx).map((c) => c.label), ['send', 'sendOnce', 'secureExec']);
  });

  it('changes a name\'s send references and keeps the port world consistent', () => {
    const { engine, ctx } = atStart();
    const motd = rowNamed(ctx, /\/etc\/motd/);
    const plan = query.planEdit(`${motd.path}.send`, '3', ctx);
    engine.moveTo(0);
    engine.edit(plan.apply, plan.description);
    assert.match(query.evaluate(motd.path!, { state: engine.state, inspector: hurdInspector }).display, /: send ×3 → io \/etc\/motd/);
    assert.deepEqual(checkHurdInvariants(engine.state), []);
  });

  it('refuses to drop a receive right or to set references to nothing', () => {
    const { ctx } = atStart();
    const motd = rowNamed(ctx, /\/etc\/motd/);
    assert.throws(() => query.planEdit(`${motd.path}.send`, '0', ctx), (e: unknown) => e instanceof query.QueryError && /out of range \(1 to 65535; drop the name/.test(e.text));
    const reply = rowNamed(ctx, /receive/);
    assert.throws(() => query.planEdit(reply.path!, 'dropped', ctx), (e: unknown) => e instanceof query.QueryError && /only a name holding send rights alone can be dropped/.test(e.text));
  });

  it('sets close-on-exec in glibc\'s table and in the core view together', () => {
    const { state } = atStart();
    const after = hurdInspector.setCloexec!(state, 100, 3, false);
    assert.equal(after.tasks.get(100)!.ext.hurd!.glibc!.dtable.get(3)!.cloexec, false);
    assert.equal(after.fdTables.get(after.tasks.get(100)!.files)!.slots.get(3)!.cloexec, false);
    assert.deepEqual(checkHurdInvariants(after), []);
  });

  it('offers no common setters: uids live in auth ports here', () => {
    const { ctx } = atStart();
    assert.equal(query.evaluate('shell.euid', ctx).set, undefined);
    assert.equal(query.evaluate('shell.fd[3]', ctx).set, undefined);
    assert.notEqual(query.evaluate('shell.fd[3].cloexec', ctx).set, undefined);
  });
});
