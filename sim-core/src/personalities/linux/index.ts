/** The Linux personality: its phases and the calls a scenario can make. */
import type { Personality } from '../personality.js';
import { LINUX_PHASES } from './catalogue.js';
import { LINUX_BIRTH_PHASES } from './catalogue-birth.js';
import { evaluateBirthExpectation } from './birth-expectations.js';
import { validateBirth } from './birth-validate.js';
import { kernelExecveAction, kernelThreadAction } from './kernel-thread.js';
import { withStartThread } from './pt-regs.js';
import { setidAction, prctlAction, setrlimitAction } from './credentials.js';
import { execveAction } from './exec.js';
import { chdirAction, closeAction, dupAction, fcntlAction, openAction, pipeAction, umaskAction } from './files.js';
import { exitAction, forkAction, storeAction, threadAction } from './process.js';
import { killAction, sigactionAction, sigprocmaskAction } from './signals.js';

export const linux: Personality = {
  system: 'linux',
  title: 'Linux',
  phases: [...LINUX_PHASES, ...LINUX_BIRTH_PHASES],
  actions: {
    execve: withStartThread(execveAction),
    execveat: withStartThread(execveAction),
    fexecve: withStartThread(execveAction),
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
    kernel_thread: kernelThreadAction,
    user_mode_thread: kernelThreadAction,
    kernel_execve: kernelExecveAction,
  },
  validate: validateBirth,
  evaluateExpectation: evaluateBirthExpectation,
};
