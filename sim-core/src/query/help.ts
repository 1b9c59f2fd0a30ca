/** The query language in a few lines, for the debug console's `help`. */
import { EVENT_VARIABLES, FUNCTIONS } from './evaluate.js';

export function queryHelp(): string {
  return [
    'Expressions over the simulated state at the cursor:',
    '  shell                 a task by its scenario name (task(100) by pid)',
    '  shell.fd[3]           an fd slot; shell.fds the whole table',
    '  shell.euid            credentials: uid euid suid fsuid gid egid sgid fsgid groups',
    '  shell.signals.blocked, shell.memory.argv, shell.memory.auxv.AT_SECURE, shell.umask',
    '  ports(shell)          the port namespace of a Hurd task; ports(shell).send: the names with send rights',
    '  == != < <= > >= && || !   comparisons for breakpoint conditions; 022 is octal',
    'Functions:',
    ...Object.values(FUNCTIONS).map((d) => `  ${d}`),
    'Variables about the event at the cursor:',
    ...Object.entries(EVENT_VARIABLES).map(([n, d]) => `  ${n.padEnd(8)} ${d}`),
    'Values marked editable in the Variables view can be changed (close-on-exec, uids, umask, …).',
  ].join('\n');
}
