/** The Linux scenarios the debugger tests run. */
import { expect, elf } from '../../support/scenario-builder.js';
import { shellTask, suNodes } from '../../support/linux-world.js';
import { writeScenario, type ScenarioFile } from './scenario-files.js';

/** A setuid exec: fd 3 is close-on-exec, fd 4 (/etc/shadow) is not; a second thread dies in de_thread. */
export function suScenario(name = 'su'): ScenarioFile {
  return writeScenario(name, {
    nodes: suNodes(),
    tasks: [shellTask()],
    steps: [
      { task: 'shell', call: 'execve', path: '/bin/su', argv: ['su', '-'] },
      expect({ what: 'fd-closed', task: 'shell', fd: 3 }),
      expect({ what: 'cred', task: 'shell', field: 'euid', value: 0 }),
      expect({ what: 'fd-closed', task: 'shell', fd: 4 }),
    ],
  });
}

/** An exec of a file that does not exist, then a close. */
export function missingScenario(name = 'missing'): ScenarioFile {
  return writeScenario(name, {
    nodes: suNodes(),
    tasks: [shellTask()],
    steps: [
      { task: 'shell', call: 'execve', path: '/bin/missing', argv: ['missing'] },
      expect({ what: 'result', action: 0, outcome: 'ENOENT' }),
      { task: 'shell', call: 'close', fd: 4 },
    ],
  });
}

/** fork, then the child execs /bin/true and exits. */
export function forkScenario(name = 'fork'): ScenarioFile {
  return writeScenario(name, {
    nodes: [...suNodes(), elf('/bin/ls')],
    tasks: [shellTask({ threads: [] })],
    steps: [
      { task: 'shell', call: 'fork', child: 'kid' },
      { task: 'kid', call: 'execve', path: '/bin/ls', argv: ['ls'] },
      { task: 'kid', call: 'exit', status: 0 },
      expect({ what: 'exited', task: 'kid', status: 0 }),
    ],
  });
}

/** The worker thread (not the leader) execs: de_thread gives it the leader's tid. */
export function workerExecScenario(name = 'worker-exec'): ScenarioFile {
  return writeScenario(name, {
    nodes: suNodes(),
    tasks: [shellTask()],
    steps: [{ task: 'shell', thread: 'worker', call: 'execve', path: '/bin/true', argv: ['true'] }],
  });
}

/** Many cheap statements, for runs that take more than one slice. */
export function longScenario(statements: number, name = 'long'): ScenarioFile {
  const steps = [];
  for (let i = 0; i < statements; i++) steps.push({ task: 'shell', call: 'umask' as const, mask: i % 2 ? 0o22 : 0o77 });
  return writeScenario(name, { nodes: suNodes(), tasks: [shellTask({ threads: [] })], steps });
}
