/** The Linux personality: its phases and the calls a scenario can make. */
import type { Personality } from '../personality.js';
import { LINUX_PHASES } from './catalogue.js';
import { setidAction, prctlAction, setrlimitAction } from './credentials.js';
import { execveAction } from './exec.js';
import { chdirAction, closeAction, dupAction, fcntlAction, openAction, pipeAction, umaskAction } from './files.js';
import { exitAction, forkAction, storeAction, threadAction } from './process.js';
import { killAction, sigactionAction, sigprocmaskAction } from './signals.js';

export const linux: Personality = {
  system: 'linux',
  title: 'Linux',
  phases: LINUX_PHASES,
  actions: {
    execve: execveAction,
    execveat: execveAction,
    fexecve: execveAction,
    open: openAction,
    close: closeAction,
    dup: dupAction,
    dup2: dupAction,
    dup3: dupAction,
    fcntl: fcntlAction,
    pipe: pipeAction,
    chdir: chdirAction,
    umask: umaskAction,
    fork: forkAction,
    vfork: forkAction,
    clone: forkAction,
    pthread_create: threadAction,
    exit: exitAction,
    store: storeAction,
    setuid: setidAction,
    setgid: setidAction,
    prctl: prctlAction,
    setrlimit: setrlimitAction,
    sigaction: sigactionAction,
    sigprocmask: sigprocmaskAction,
    kill: killAction,
  },
};
