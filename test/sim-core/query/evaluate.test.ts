import * as assert from 'node:assert/strict';
import { Engine, query, type KernelState } from '../../../sim-core/src/index.js';
import { scenario } from '../../support/scenario-builder.js';
import { shellTask, suNodes } from '../../support/linux-world.js';

function initialState(): KernelState {
  return new Engine(scenario({ nodes: suNodes(), tasks: [shellTask()] })).initialState;
}

function ev(text: string, ctx: Partial<query.QueryContext> = {}): query.QValue {
  return query.evaluate(text, { state: initialState(), ...ctx });
}

function err(text: string, ctx: Partial<query.QueryContext> = {}): string {
  try {
    ev(text, ctx);
  } catch (e) {
    if (e instanceof query.QueryError) return e.text;
    throw e;
  }
  assert.fail(`${text} evaluated`);
}

describe('query evaluation', () => {
  it('shows an fd slot as target, access and close-on-exec, named by its expression', () => {
    const v = ev('shell.fd[3]');
    assert.equal(v.display, '3 → /etc/motd (ro, cloexec)');
    assert.equal(v.brief, '→ /etc/motd (ro, cloexec)');
    assert.equal(v.path, 'shell.fd[3]');
    assert.equal(v.type, 'fd');
  });

  it('reads a closed fd as closed, still named so it can be watched', () => {
    const v = ev('shell.fd[9]');
    assert.equal(v.kind, 'none');
    assert.equal(v.display, 'closed');
    assert.equal(v.path, 'shell.fd[9]');
    assert.equal(v.type, 'fd table entry');
  });

  it('reads credentials on the task and under creds', () => {
    assert.equal(ev('shell.euid').display, '1000');
    assert.equal(ev('shell.creds.fsgid').display, '1000');
    assert.equal(ev('shell.groups').display, '1000, 24');
    assert.equal(ev('shell.creds').display, 'uid 1000/1000/1000/1000 gid 1000/1000/1000/1000');
  });

  it('compares umasks written in octal', () => {
    assert.equal(ev('shell.umask').display, '0022');
    assert.equal(ev('shell.umask == 022').display, 'true');
    assert.equal(ev('shell.umask == 22').display, 'false');
  });

  it('counts table entries with len() and .size', () => {
    assert.equal(ev('len(shell.fds)').display, '3');
    assert.equal(ev('shell.fd.size').display, '3');
    assert.equal(ev('len(shell.fds) > 2 && shell.fd[4] != closed').display, 'true');
  });

  it('finds a task by pid or by name with task()', () => {
    assert.equal(ev('task(100).comm').display, 'sh');
    assert.equal(ev('task("shell").pid').display, '100');
    assert.match(err('task(7)'), /no task with pid 7.*tasks now: shell/);
  });

  it('reads signal state: masks, dispositions by name', () => {
    assert.equal(ev('shell.signals.blocked').display, 'SIGUSR1');
    assert.equal(ev('shell.signals.SIGINT').display, 'ignore');
    assert.equal(ev('shell.signals.SIGHUP').display, 'default');
    assert.equal(ev('shell.signals.caught').display, 'SIGTERM');
  });

  it('reads memory: argv and the auxv entries present', () => {
    assert.equal(ev('shell.memory.argv').display, '["sh"]');
    assert.equal(ev('shell.memory.auxv.AT_SECURE').display, '0');
    assert.equal(ev('shell.memory.auxv.AT_EXECFD').display, '(absent)');
  });

  it('says registers are not modelled before start_thread', () => {
    assert.equal(ev('shell.registers.ip').display, 'not modelled before start_thread');
  });

  it('explains that port namespaces are a Hurd thing on Linux', () => {
    assert.match(err('ports(shell)'), /shell has no port namespace \(Mach port namespaces exist on the Hurd; this scenario runs on linux\)/);
    assert.match(err('shell.ports'), /no port namespace/);
  });

  it('asks the personality for a port namespace where it has one', () => {
    const inspector: query.StateInspector = {
      portNamespace: (_s, task, path) => query.list('port namespace', [query.str(`send right of ${task.name}`)], { path }),
    };
    const v = ev('ports(shell)[0]', { inspector });
    assert.equal(v.display, 'send right of shell');
    assert.equal(ev('ports(shell)', { inspector }).path, 'ports(shell)');
  });

  it('lists the tasks that exist when a name is unknown', () => {
    assert.match(err('child.euid'), /no task named "child" \(tasks now: shell; functions: task, ports, fds, len\)/);
  });

  it('lists the fields when a field is unknown', () => {
    assert.match(err('shell.fd[3].mode'), /shell\.fd\[3\] has no field "mode" \(fields: target, kind, access, cloexec, description, refs, offset, flags\)/);
  });

  it('refuses to order a record against a number', () => {
    assert.match(err('shell.fd[3] < 2'), /cannot order an fd and a number/);
  });

  it('refuses to index a table with a string', () => {
    assert.match(err('shell.fd["3"]'), /fd table entries are numbered/);
  });

  it('knows errno and signal names as constants', () => {
    assert.equal(ev('ENOENT == "ENOENT"').display, 'true');
    assert.equal(ev('SIGKILL').type, 'signal');
  });

  it('reads the event at the cursor through $ variables', () => {
    const engine = new Engine(scenario({ nodes: suNodes(), tasks: [shellTask()], steps: [{ task: 'shell', call: 'execve', path: '/bin/missing', argv: ['missing'] }] }));
    const events = engine.events();
    const failed = events.find((e) => e.kind === 'phase-left' && e.errno)!;
    const ctx = { state: engine.stateAt(failed.seq), event: failed };
    assert.equal(query.evaluate('$phase', ctx).display, 'linux.open_exec');
    assert.equal(query.evaluate('$errno == ENOENT', ctx).display, 'true');
    assert.equal(query.evaluate('$pid', ctx).display, '100');
    assert.equal(query.evaluate('$line', ctx).display, '101');
    assert.equal(query.evaluate('$seq', ctx).display, String(failed.seq));
  });

  it('reads $ variables as null without an event', () => {
    assert.equal(ev('$phase').display, 'null');
    assert.match(err('$nope'), /unknown variable \$nope/);
  });
});
