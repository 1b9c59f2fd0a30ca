/**
 * The debugger on the other systems: golden variable trees where each shows
 * what is its own (the Hurd's port namespace, the message in flight and the
 * exec server; CloudABI's argdata message and fds array; the L4-Hurd
 * proposal's startup), and the Hurd's port names as values to watch and edit.
 */
import * as assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { assertGolden } from '../support/golden.js';
import { EXAMPLES } from '../sim-core/personalities/hurd/examples.js';
import { mailServerScenario } from '../sim-core/personalities/cloudabi/scenarios/mail-server.js';
import { l4world } from '../sim-core/personalities/l4hurd/l4hurd-world.js';
import { hurdScenario } from '../sim-core/personalities/hurd/support.js';
import { data, elf } from '../support/scenario-builder.js';
import { probeEachTest, type Probe } from './support/clients.js';
import { objectHost } from './support/object-host.js';
import { renderScopes, renderStack } from './support/variable-tree.js';

const GOLDEN = 'test/debug-adapter/golden';

const host = objectHost({
  'hurd-same-task.scenario': EXAMPLES['same-task-cloexec']!,
  'hurd-setuid.scenario': EXAMPLES['setuid-new-task']!,
  'cloudabi-mail.scenario': mailServerScenario,
  'l4hurd-exec.scenario': () => l4world({ steps: [{ task: 'shell', call: 'execve', path: '/bin/true', argv: ['true'] }] }),
  'hurd-setuid-leak.scenario': () =>
    hurdScenario({
      nodes: [elf('/bin/su', { mode: 0o4755, owner: { uid: 0, gid: 0 } }), data('/etc/shadow'), { kind: 'device', path: '/dev/tty', device: 'char' }],
      tasks: [{ name: 'shell', pid: 100, creds: { uid: 1000, gid: 1000 }, fds: [{ fd: 0, target: { path: '/dev/tty' }, access: 'rw' }, { fd: 4, target: { path: '/etc/shadow' } }] }],
      steps: [{ task: 'shell', call: 'execve', path: '/bin/su', argv: ['su'] }],
    }),
  'l4hurd-secure.scenario': () => l4world({ steps: [{ task: 'shell', call: 'execve', path: '/bin/su', argv: ['su'] }] }),
});

describe('other systems', () => {
  let p: Probe;
  probeEachTest('server', (probe) => (p = probe), host);

  async function stopAtPhase(scenario: string, phase: string): Promise<DebugProtocol.StoppedEvent['body']> {
    return p.launch({ scenario }, {
      configure: async (q) => {
        await q.dc.setExceptionBreakpointsRequest({ filters: [] });
        const bp = (await q.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: phase }] })).body.breakpoints[0]!;
        assert.equal(bp.verified, true, bp.message);
      },
    });
  }

  async function golden(stop: DebugProtocol.StoppedEvent['body'], file: string, options = {}): Promise<void> {
    const frames = await p.stack(stop.threadId!);
    assertGolden(`${GOLDEN}/${file}`, `stopped: ${stop.reason} (${stop.description})\n\n${renderStack(frames)}\n${await renderScopes(p, frames[0]!.id, options)}`);
  }

  it('Hurd: the exec server choosing ports, with the message in flight and the namespace', async () => {
    await golden(await stopAtPhase('hurd-same-task.scenario', 'hurd.exec.secure_ports'), 'hurd-same-task-secure-ports.txt', { skip: ['glibc'] });
  });

  it('Hurd: a setuid exec into a new task, at the point of no return', async () => {
    await golden(await stopAtPhase('hurd-setuid.scenario', 'hurd.exec.trash_oldtask'), 'hurd-setuid-trash-oldtask.txt', { depth: 1 });
  });

  it('CloudABI: the kernel remapping the fds array of the mail server', async () => {
    await golden(await stopAtPhase('cloudabi-mail.scenario', 'cloudabi.fd_install'), 'cloudabi-mail-fd-install.txt', { depth: 1 });
  });

  it('L4-Hurd: the exec server building the startup data on the new stack', async () => {
    await golden(await stopAtPhase('l4hurd-exec.scenario', 'l4hurd.stack'), 'l4hurd-stack.txt', { depth: 1 });
  });

  it('L4-Hurd: the new program starting up, with its handles, the holders of its task object and its stack area', async () => {
    await golden(await stopAtPhase('l4hurd-secure.scenario', 'l4hurd.newtask_init'), 'l4hurd-secure-newtask-init.txt', { depth: 3 });
  });

  it('Hurd: the rights a secure exec would pass, while glibc packs the descriptor table', async () => {
    await golden(await stopAtPhase('hurd-setuid-leak.scenario', 'hurd.glibc.pack_dtable'), 'hurd-setuid-leak-pack-dtable.txt', { depth: 1, skip: ['Port namespace'] });
  });

  it('Hurd: stops where a set-uid program starts holding an fd it should not, with the rights in the exception', async () => {
    const stop = await p.launch({ scenario: 'hurd-setuid-leak.scenario' }, { configure: (q) => q.dc.setExceptionBreakpointsRequest({ filters: ['secure-exec-leak'] }) });
    assert.equal(stop.reason, 'exception');
    const info = (await p.dc.exceptionInfoRequest({ threadId: stop.threadId! })).body;
    assert.equal(info.exceptionId, 'EXEC_SECURE with inherited rights');
    assert.equal(info.description, 'shell (pid 100) starts /bin/su with EXEC_SECURE holding fd 4 → /etc/shadow (ro)');
  });

  it('Hurd: threads include the servers, named like any task', async () => {
    await stopAtPhase('hurd-same-task.scenario', 'hurd.exec.preflight');
    const names = (await p.dc.threadsRequest()).body.threads.map((t) => t.name);
    assert.ok(names.includes('shell (pid 100) · main'), names.join(', '));
    assert.ok(names.some((n) => /^exec \(pid \d+\) · /.test(n)), names.join(', '));
  });

  it('Hurd: ports(shell) evaluates to the namespace and a port name can be watched', async () => {
    const stop = await stopAtPhase('hurd-same-task.scenario', 'hurd.glibc.pack_dtable');
    const ns = await p.evaluate('ports(shell)');
    assert.match(ns.result, /^\d+ names in space \d+$/);
    assert.match((await p.evaluate('ports(shell).send')).result, /^\d+( \d+)*$/);
    const rows = (await p.dc.variablesRequest({ variablesReference: ns.variablesReference, filter: 'indexed', start: 0, count: 200 })).body.variables;
    const motd = rows.find((v) => v.value.includes('/etc/motd'));
    assert.ok(motd, rows.map((r) => r.value).join('\n'));
    assert.equal(motd.evaluateName, `ports(shell)[${motd.name}]`);
    const info = (await p.dc.dataBreakpointInfoRequest({ variablesReference: ns.variablesReference, name: motd.name })).body;
    assert.equal(info.dataId, `ports(shell)[${motd.name}]`);
    await p.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.dataId! }] });
    const hit = await p.until(p.dc.continueRequest({ threadId: stop.threadId! }));
    assert.equal(hit.reason, 'data breakpoint');
    // The exec server destroys the name when it trashes the old task's space.
    assert.match(hit.description!, new RegExp(`^ports\\(shell\\)\\[${motd.name}\\]: port \\d+ send ×1 → no such name$`));
  });

  it('Hurd: close-on-exec is edited in glibc\'s table and the core view together; other core values are read-only', async () => {
    const stop = await stopAtPhase('hurd-same-task.scenario', 'hurd.glibc.lookup');
    const frame = (await p.top(stop.threadId!)).id;
    const fds = (await p.scopes(frame)).find((s) => s.name === 'FD table')!;
    const fd3 = (await p.dc.variablesRequest({ variablesReference: fds.variablesReference })).body.variables.find((v) => v.name === '3')!;
    await p.dc.setVariableRequest({ variablesReference: fd3.variablesReference, name: 'cloexec', value: 'false' });
    assert.equal((await p.evaluate('shell.fd[3].cloexec')).result, 'false');
    const creds = (await p.scopes(frame)).find((s) => s.name === 'Credentials')!;
    assert.match(await p.failure(p.dc.setVariableRequest({ variablesReference: creds.variablesReference, name: 'euid', value: '0' })), /shell\.creds\.euid cannot be changed; these can: an fd's cloexec, a port name \(to dropped\) and its send references/);
    await p.until(p.dc.continueRequest({ threadId: stop.threadId! }));
    // The new program got fd 3: the exec path read glibc's table, not only the core view.
    assert.match((await p.evaluate('shell.fd[3]')).result, /^3 → \/etc\/motd/);
  });
});
