/**
 * How Linux gives birth to processes, phase by phase (exec-reference.md §3.1,
 * §3.2): fork/vfork/clone through kernel_clone and copy_process, the child's
 * first steps in ret_from_fork or as a kernel thread, the vfork handshake, and
 * kernel_execve turning a user-mode thread into a user process.
 * Sources: LINUX kernel/fork.c, fs/exec.c, init/main.c, arch/x86/kernel/process.c
 * (linux-next, 2025); SEEDS 002 (vfork on nommu) and 004 (Al Viro, 2012).
 */
import type { Citation, PhaseInfo } from '../../catalogue/types.js';

const cite = (file: string, fn: string): Citation => ({ source: 'LINUX', file, function: fn });
const seed = (file: string, what: string): Citation => ({ source: 'SEEDS', file, function: what });
const FORK = 'kernel/fork.c';
const SEED_VFORK = '002_77bd993aa5765818.txt';
const SEED_KTHREAD = '004_3697e92f6f7dc3fe.txt';

type Def = Omit<PhaseInfo, 'system' | 'order' | 'actor' | 'failureVisible'> & { failureVisible?: PhaseInfo['failureVisible'] };

const defs: Def[] = [
  {
    id: 'linux.birth.kernel_clone',
    title: 'kernel_clone',
    summary: 'sys_fork, sys_vfork, sys_clone, kernel_thread and user_mode_thread all end here: copy the process, wake it, and for CLONE_VFORK wait.',
    citations: [cite(FORK, 'kernel_clone'), cite(FORK, 'sys_fork'), cite(FORK, 'sys_vfork'), cite(FORK, 'sys_clone')],
    pseudo: [
      'fork on a nommu kernel: not built (-ENOSYS from sys_ni_syscall; -EINVAL where the arch has its own sys_fork)',
      'p = copy_process(NULL, trace, NUMA_NO_NODE, args)',
      'if CLONE_VFORK: p->vfork_done = &vfork; init_completion(&vfork)',
      'wake_up_new_task(p)  // the child can run from here',
      'if CLONE_VFORK: wait_for_vfork_done(p, &vfork)',
      'return pid of the child',
    ],
    errors: [
      { errno: 'ENOSYS', when: 'fork() on a kernel without an MMU (the generic syscall table has no fork)' },
      { errno: 'EINVAL', when: 'invalid clone flag combinations (see copy_process)' },
      { errno: 'EAGAIN', when: 'RLIMIT_NPROC reached (see copy_process)' },
    ],
  },
  {
    id: 'linux.birth.copy_process',
    title: 'copy_process',
    summary: 'Checks the clone flags, duplicates the task, counts it against RLIMIT_NPROC, copies or shares each part, allocates the pid.',
    citations: [cite(FORK, 'copy_process'), cite(FORK, 'dup_task_struct'), { source: 'LINUX', file: 'kernel/cred.c', function: 'copy_creds' }],
    pseudo: [
      'CLONE_THREAD without CLONE_SIGHAND, or CLONE_SIGHAND without CLONE_VM: return -EINVAL',
      'p = dup_task_struct(current)  // flags copied, PF_NPROC_EXCEEDED included',
      'copy_creds(p); if processes(uid) > RLIMIT_NPROC and uid != 0 and !CAP_SYS_RESOURCE: return -EAGAIN',
      'current->flags &= ~PF_NPROC_EXCEEDED',
      'init_sigpending(&p->pending)  // nothing pending in the child',
      'copy_files, copy_fs, copy_sighand, copy_signal, copy_mm',
      'copy_thread(p, args)  // the child\'s pt_regs and where it wakes up',
      'pid = alloc_pid(); p->real_parent = current; attach_pid  // now visible',
    ],
    errors: [
      { errno: 'EINVAL', when: 'CLONE_THREAD without CLONE_SIGHAND, or CLONE_SIGHAND without CLONE_VM' },
      { errno: 'EAGAIN', when: 'the real user already has RLIMIT_NPROC tasks (root and CAP_SYS_RESOURCE/CAP_SYS_ADMIN are exempt)' },
      { errno: 'ENOMEM', when: 'no memory for the task, its tables or its mm' },
    ],
  },
  {
    id: 'linux.birth.copy_files',
    title: 'copy_files',
    summary: 'CLONE_FILES shares the fd table (one more user); otherwise dup_fd gives the child a private copy of every slot.',
    citations: [cite(FORK, 'copy_files'), cite('fs/file.c', 'dup_fd')],
    pseudo: [
      'if CLONE_FILES: atomic_inc(&current->files->count); return',
      'p->files = dup_fd(current->files)  // same open file descriptions, same close-on-exec bits',
    ],
    errors: [{ errno: 'ENOMEM', when: 'no memory for the copy' }],
  },
  {
    id: 'linux.birth.copy_mm',
    title: 'copy_mm',
    summary: 'CLONE_VM shares the address space; otherwise dup_mm copies it. A kernel thread has no mm and neither has its child.',
    citations: [cite(FORK, 'copy_mm'), cite(FORK, 'dup_mm'), { source: 'LINUX', file: 'mm/nommu.c', function: 'dup_mmap' }],
    pseudo: [
      'oldmm = current->mm; if !oldmm: return  // kernel thread: no user memory to share or copy',
      'if CLONE_VM: mmget(oldmm); p->mm = oldmm  // stores by one are seen by the other',
      'else: p->mm = dup_mm(p, oldmm)  // copy-on-write copy (with an MMU)',
    ],
    errors: [{ errno: 'ENOMEM', when: 'no memory for the copy' }],
  },
  {
    id: 'linux.birth.copy_thread',
    title: 'copy_thread',
    summary: 'Sets up the child\'s pt_regs at the top of its kernel stack and the frame it resumes from: ret_from_fork, with fn set for kernel and user-mode threads.',
    citations: [cite('arch/x86/kernel/process.c', 'copy_thread'), seed(SEED_KTHREAD, 'copy_thread and ret_from_kernel_thread')],
    pseudo: [
      'childregs = task_pt_regs(p)  // the normal place: top of the kernel stack',
      'frame->ret_addr = ret_from_fork_asm',
      'if PF_KTHREAD: memset(childregs, 0); kthread_frame_init(frame, fn, arg); return',
      '*childregs = *current_pt_regs(); childregs->ax = 0  // fork returns 0 in the child',
      'if fn (user-mode thread): childregs->sp = childregs->ip = 0; kthread_frame_init(frame, fn, arg)',
    ],
    errors: [],
  },
  {
    id: 'linux.birth.ret_from_fork',
    title: 'ret_from_fork',
    summary: 'The child of fork/vfork/clone wakes here: schedule_tail, then the normal return from the system call with the copied pt_regs: fork returns 0.',
    citations: [cite('arch/x86/kernel/process.c', 'ret_from_fork'), seed(SEED_KTHREAD, 'ret_from_fork')],
    pseudo: ['schedule_tail(prev)', 'syscall_exit_to_user_mode(regs)  // regs = the parent\'s, ax = 0'],
    errors: [],
    failureVisible: 'not-applicable',
  },
  {
    id: 'linux.birth.ret_from_kernel_thread',
    title: 'ret_from_kernel_thread',
    summary: 'A kernel or user-mode thread wakes here and calls fn(arg); fn runs forever, exits, or returns after a successful kernel_execve.',
    citations: [cite('arch/x86/kernel/process.c', 'ret_from_fork'), seed(SEED_KTHREAD, 'ret_from_kernel_thread')],
    pseudo: [
      'schedule_tail(prev)',
      'fn(fn_arg)  // kernel_init, kthreadd, a usermode helper, ...',
      'returned (only after a successful kernel_execve): regs->ax = 0',
      'syscall_exit_to_user_mode(regs)  // regs = current_pt_regs(), filled by start_thread',
    ],
    errors: [],
    failureVisible: 'not-applicable',
  },
  {
    id: 'linux.birth.wait_for_vfork_done',
    title: 'wait_for_vfork_done',
    summary: 'The vforking thread sleeps (killable) until the child releases the borrowed mm by exec (exec_mmap) or exit; other threads keep running.',
    citations: [cite(FORK, 'wait_for_vfork_done'), cite(FORK, 'kernel_clone'), seed(SEED_VFORK, 'vfork pauses the parent')],
    pseudo: [
      'wait_for_completion_state(vfork, TASK_KILLABLE | TASK_FREEZABLE)',
      'killed: child->vfork_done = NULL  // the child will not look for us',
      'ptrace_event_pid(PTRACE_EVENT_VFORK_DONE, pid)',
    ],
    errors: [],
    failureVisible: 'not-applicable',
  },
  {
    id: 'linux.birth.complete_vfork_done',
    title: 'mm_release',
    summary: 'The vfork child gives the memory back: exec_mm_release (from exec_mmap) or exit_mm_release completes vfork_done and the parent resumes.',
    citations: [cite(FORK, 'mm_release'), cite(FORK, 'complete_vfork_done'), cite(FORK, 'exec_mm_release'), cite(FORK, 'exit_mm_release')],
    pseudo: [
      'if tsk->clear_child_tid: put_user(0, ...); futex wake',
      'if tsk->vfork_done: complete_vfork_done(tsk)  // the parent wakes up',
    ],
    errors: [],
    failureVisible: 'not-applicable',
  },
  {
    id: 'linux.birth.kernel_thread',
    title: 'kernel_thread',
    summary: 'Kernel-internal: a kernel thread (PF_KTHREAD) running fn, with CLONE_VM | CLONE_UNTRACED; never called by user processes.',
    citations: [cite(FORK, 'kernel_thread'), seed(SEED_KTHREAD, 'kernel_thread()')],
    pseudo: [
      'args.flags = (flags | CLONE_VM | CLONE_UNTRACED) & ~CSIGNAL',
      'args.fn = fn; args.name = name; args.kthread = 1  // PF_KTHREAD',
      'return kernel_clone(&args)',
    ],
    errors: [],
  },
  {
    id: 'linux.birth.user_mode_thread',
    title: 'user_mode_thread',
    summary: 'Kernel-internal: like kernel_thread but without PF_KTHREAD, for init and usermode helpers that will kernel_execve (v5.19, commit 343f4c49f243).',
    citations: [cite(FORK, 'user_mode_thread'), cite('init/main.c', 'rest_init')],
    pseudo: [
      'args.flags = (flags | CLONE_VM | CLONE_UNTRACED) & ~CSIGNAL',
      'args.fn = fn  // no kthread: not PF_KTHREAD, no kthread_struct',
      'return kernel_clone(&args)',
    ],
    errors: [],
  },
  {
    id: 'linux.birth.kernel_execve',
    title: 'kernel_execve',
    summary: 'The kernel\'s own exec (init, usermode helpers): refused for a true kernel thread; then the usual open and the argument copy.',
    citations: [cite('fs/exec.c', 'kernel_execve'), cite('init/main.c', 'run_init_process'), seed(SEED_KTHREAD, 'kernel_execve')],
    pseudo: [
      'if WARN_ON_ONCE(current->flags & PF_KTHREAD): return -EINVAL',
      'filename = getname_kernel(kernel_filename)',
      'bprm = alloc_bprm(AT_FDCWD, filename, 0)  // do_open_execat; bprm->filename = the name',
    ],
    errors: [
      { errno: 'EINVAL', when: 'the caller is a kernel thread (PF_KTHREAD): "It is non-sense for kernel threads to call execve"' },
      { errno: 'ENOENT', when: 'the file does not exist (run_init_process then tries the next candidate)' },
    ],
  },
  {
    id: 'linux.birth.kernel_execve_args',
    title: 'copy_strings_kernel',
    summary: 'Counts the kernel\'s argv and envp (argc 0 is refused with a warning, not patched as execve does), checks the stack limits and copies the strings.',
    citations: [cite('fs/exec.c', 'kernel_execve'), cite('fs/exec.c', 'count_strings_kernel'), cite('fs/exec.c', 'copy_strings_kernel')],
    pseudo: [
      'argc = count_strings_kernel(argv); if WARN_ON_ONCE(argc == 0): return -EINVAL',
      'envc = count_strings_kernel(envp)',
      'bprm_stack_limits(bprm)',
      'copy_string_kernel(bprm->filename); copy_strings_kernel(envp); copy_strings_kernel(argv)',
      'return bprm_execve(bprm)',
    ],
    errors: [
      { errno: 'EINVAL', when: 'argv is empty (argc 0)' },
      { errno: 'E2BIG', when: 'the strings exceed the stack limit' },
    ],
  },
  {
    id: 'linux.birth.ret_to_user',
    title: 'kernel thread returns to user mode',
    summary: 'fn returned 0 after a successful kernel_execve: ret_from_fork sets ax = 0 and leaves through the pt_regs start_thread filled; the thread is now a user process.',
    citations: [cite('arch/x86/kernel/process.c', 'ret_from_fork'), cite('init/main.c', 'kernel_init'), seed(SEED_KTHREAD, 'a kernel thread either runs forever, exits, or execs')],
    pseudo: [
      'fn returned 0  // kernel_init: run_init_process() succeeded',
      'regs = current_pt_regs()  // top of the kernel stack, where start_thread wrote ip and sp',
      'regs->ax = 0',
      'syscall_exit_to_user_mode(regs)  // first instruction of the new program',
    ],
    errors: [],
    failureVisible: 'not-applicable',
  },
];

/** Ordered after the exec phases of catalogue.ts (their order runs from 1). */
const FIRST_ORDER = 101;

export const LINUX_BIRTH_PHASES: readonly PhaseInfo[] = defs.map((d, i) => ({
  ...d,
  system: 'linux',
  order: FIRST_ORDER + i,
  actor: 'kernel',
  failureVisible: d.failureVisible ?? 'yes',
}));
