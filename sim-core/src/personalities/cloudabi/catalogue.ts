/**
 * CloudABI's proc_exec on FreeBSD, phase by phase (exec-reference.md §2), and
 * the cloudabi-run path that leads to it. Sources (tags as in exec-reference
 * §0): FBSD sys/compat/cloudabi/cloudabi_proc.c, sys/kern/kern_exec.c,
 * sys/kern/kern_descrip.c, sys/kern/imgact_elf.c, sys/kern/imgact_shell.c,
 * sys/compat/cloudabi64/cloudabi64_module.c, sys/amd64/cloudabi64/cloudabi64_sysvec.c
 * (FreeBSD 12 text); ARGDATA and CLOUDLIBC for the library side; CAUTILS and
 * YAML2ARGDATA (NuxiNL/yaml2argdata) for cloudabi-run; SEEDS 001 (review D3079).
 */
import type { Citation, PhaseInfo } from '../../catalogue/types.js';

const fbsd = (file: string, fn: string): Citation => ({ source: 'FBSD', file, function: fn });
const EXEC = 'sys/kern/kern_exec.c';
const DESCRIP = 'sys/kern/kern_descrip.c';
const MODULE = 'sys/compat/cloudabi64/cloudabi64_module.c';
const SYSVEC = 'sys/amd64/cloudabi64/cloudabi64_sysvec.c';
const SEED: Citation = { source: 'SEEDS', file: '001_e91b69ee9565d58b.txt', function: 'review D3079: Implement CloudABI\'s exec() call' };

type Def = Omit<PhaseInfo, 'system'>;

const defs: Def[] = [
  {
    id: 'cloudabi.libc.serialize',
    order: 1,
    actor: 'libc',
    title: 'argdata_serialize',
    summary:
      'cloudlibc sizes the tree, maps a buffer and serializes it; every fd value is renumbered in document order and the fds array lists the caller\'s fds. Nothing else (no argv, no environment) is passed.',
    citations: [
      { source: 'CLOUDLIBC', file: 'src/libc/program/program_exec.c', function: 'program_exec' },
      { source: 'ARGDATA', file: 'src/argdata_serialized_length.c', function: 'argdata_serialized_length' },
      { source: 'ARGDATA', file: 'src/argdata_serialize.c', function: 'argdata_serialize, map_fd' },
      { source: 'ARGDATA', file: 'src/argdata_create_fd.c', function: 'argdata_create_fd' },
      SEED,
    ],
    pseudo: [
      'the tree was built with argdata_create_*: fd < 0 -> EBADF, bad UTF-8 -> EILSEQ, tv_nsec out of range -> EINVAL',
      'argdata_serialized_length(ad, &datalen, &fdslen)   // fdslen counts every fd value',
      'if fdslen * sizeof(int) + datalen == 0: proc_exec(fd, NULL, 0, NULL, 0)',
      'mapping = mem_map(fdslen * sizeof(int) + datalen)',
      'fdslen = argdata_serialize(ad, data, fds)   // n-th distinct fd -> index n, fds[n] = that fd',
      'next: cloudabi_sys_proc_exec(fd, data, datalen, fds, fdslen); then errno_fixup_executable',
    ],
    errors: [
      { errno: 'EBADF', when: 'argdata_create_fd was given a negative fd (the tree cannot be built)' },
      { errno: 'EILSEQ', when: 'argdata_create_str was given text that is not UTF-8' },
      { errno: 'EINVAL', when: 'argdata_create_timestamp was given nanoseconds outside 0..999999999' },
      { errno: 'ENOMEM', when: 'mem_map cannot map the buffer (not simulated)' },
    ],
    failureVisible: 'yes',
  },
  {
    id: 'cloudabi.kern.single_thread',
    order: 2,
    actor: 'kernel',
    title: 'pre_execve',
    summary: 'A process that ever had threads is single-threaded at the user boundary (thread_single(SINGLE_BOUNDARY)): the other threads are parked while the exec runs.',
    citations: [fbsd('sys/compat/cloudabi/cloudabi_proc.c', 'cloudabi_sys_proc_exec'), fbsd(EXEC, 'pre_execve')],
    pseudo: [
      'error = pre_execve(td, &oldvmspace)',
      '    if (p->p_flag & P_HADTHREADS): thread_single(p, SINGLE_BOUNDARY)',
      '        cannot single-thread (another thread is doing it) -> ERESTART',
      '    *oldvmspace = p->p_vmspace',
    ],
    errors: [{ errno: 'ERESTART', when: 'another thread is already single-threading the process (the call is restarted; not reachable here, actions run one at a time)' }],
    failureVisible: 'yes',
  },
  {
    id: 'cloudabi.kern.copyin',
    order: 3,
    actor: 'kernel',
    title: 'exec_copyin_data_fds',
    summary:
      'Bounds datalen by ARG_MAX and the fds array by the caller\'s fd_lastfile + 1 (E2BIG, before touching memory), copies the data with a NUL appended (argc = NUL bytes), copies the fds array and builds the new table with fdcopy_remapped.',
    citations: [fbsd(EXEC, 'exec_copyin_data_fds'), fbsd('sys/sys/syslimits.h', 'ARG_MAX'), SEED],
    pseudo: [
      'if datalen >= ARG_MAX or fdslen > fdp->fd_lastfile + 1: return E2BIG',
      'exec_alloc_args(args)',
      'copyin(data, begin_argv, datalen); begin_argv[datalen] = 0',
      'argc = number of NUL bytes in the datalen + 1 bytes',
      'copyin(fds, kfds, fdslen * sizeof(int))',
      'error = fdcopy_remapped(fdp, kfds, fdslen, &args->fdp)',
      'on error: exec_free_args(args)',
    ],
    errors: [
      { errno: 'E2BIG', when: 'datalen >= ARG_MAX (262144), or the fds array is longer than fd_lastfile + 1 of the caller\'s table' },
      { errno: 'EFAULT', when: 'data or fds is a bad pointer (not simulated: the caller\'s buffers are always valid)' },
    ],
    failureVisible: 'yes',
  },
  {
    id: 'cloudabi.fd_remap',
    order: 4,
    actor: 'kernel',
    title: 'fdcopy_remapped',
    summary:
      'A new table from fdinit(old) (cwd, root, jail and umask carried over); slot i becomes a copy of the caller\'s fds[i]: file reference taken, rights and entry flags copied verbatim, so close-on-exec is neither honoured nor cleared. Duplicates are allowed. On error the partial table is dropped with fdescfree_remapped.',
    citations: [fbsd(DESCRIP, 'fdcopy_remapped'), fbsd(DESCRIP, 'fdinit'), fbsd(DESCRIP, 'fdescfree_remapped'), SEED],
    pseudo: [
      'newfdp = fdinit(fdp)   // cwd, root, jail vnodes; fd_cmask copied at the end',
      'if nfds > fdp->fd_lastfile + 1: error = E2BIG',
      'for i in 0 .. nfds - 1:',
      '    if fds[i] < 0 or fds[i] > fd_lastfile: error = EBADF',
      '    if fd_ofiles[fds[i]] is unused: error = EBADF',
      '    if not (f_ops->fo_flags & DFLAG_PASSABLE): error = EINVAL   // kqueue',
      '    newfdp[i] = fd_ofiles[fds[i]]   // flags verbatim: UF_EXCLOSE ignored',
      '    filecaps_copy(rights); fhold(file)',
      'on error: fdescfree_remapped(newfdp)   // drop references, no close',
    ],
    errors: [
      { errno: 'EBADF', when: 'an fds[] entry is negative, above fd_lastfile, or an unused slot' },
      { errno: 'EINVAL', when: 'an fds[] entry is a kqueue (not DFLAG_PASSABLE)' },
      { errno: 'E2BIG', when: 'the fds array is longer than fd_lastfile + 1 (checked again under the table lock)' },
    ],
    failureVisible: 'yes',
  },
  {
    id: 'cloudabi.kern.open_exec',
    order: 5,
    actor: 'kernel',
    title: 'fgetvp_exec + exec_check_permissions',
    summary:
      'The executable fd must be open, carry CAP_FEXECVE, be open O_EXEC or read-only and be a vnode; then the file must be on an exec mount, have an x bit, be regular, non-empty, executable by the caller and not open for writing.',
    citations: [
      fbsd(EXEC, 'do_execve'),
      fbsd(DESCRIP, 'fgetvp_exec, _fget, fget_unlocked'),
      fbsd(EXEC, 'exec_check_permissions'),
      fbsd('sys/compat/cloudabi/cloudabi_fd.c', 'CLOUDABI_RIGHT_PROC_EXEC -> CAP_FEXECVE'),
    ],
    pseudo: [
      'interpret: if args->fname != NULL:   // a native execve, or a script\'s interpreter',
      '    if IN_CAPABILITY_MODE(td): error = ECAPMODE',
      '    namei(fname)',
      'else: fgetvp_exec(td, args->fd, CAP_FEXECVE)',
      '    fd not open -> EBADF; rights lack CAP_FEXECVE -> ENOTCAPABLE',
      '    not (FREAD or FEXEC) or FWRITE -> EBADF; no vnode (socket, pipe) -> EINVAL',
      'exec_check_permissions: noexec mount, no x bit at all, not VREG -> EACCES',
      '    size 0 -> ENOEXEC',
      '    VOP_ACCESS(VEXEC) -> EACCES',
      '    writecount != 0 -> ETXTBSY',
    ],
    errors: [
      { errno: 'EBADF', when: 'the executable fd is not open, or is open for writing, or neither for reading nor O_EXEC' },
      { errno: 'ENOTCAPABLE', when: 'the fd lacks CAP_FEXECVE, in or out of capability mode (cloudlibc turns it into EBADF for a regular file, EACCES otherwise)' },
      { errno: 'EINVAL', when: 'the fd is not a vnode (a socket or a pipe)' },
      { errno: 'EACCES', when: 'noexec mount, no execute bit at all, not a regular file, or no execute permission' },
      { errno: 'ENOEXEC', when: 'the file is empty' },
      { errno: 'ETXTBSY', when: 'the file is open for writing' },
      { errno: 'ECAPMODE', when: 'a #! script sent exec back to interpret: to look its interpreter up, and the process is in capability mode (a CloudABI program sees ENOSYS: cloudabi_convert_errno has no ECAPMODE)' },
      { errno: 'ENOENT', when: 'native execve: the path does not exist' },
    ],
    failureVisible: 'yes',
  },
  {
    id: 'cloudabi.kern.activate',
    order: 6,
    actor: 'kernel',
    title: 'image activators',
    summary:
      'Set-id is decided (ignored in capability mode), then the activators run: the ELF brand ELFOSABI_CLOUDABI selects the CloudABI sysvec; a #! script sends exec back to interpret: to look up its interpreter.',
    citations: [
      fbsd(EXEC, 'do_execve (credential_changing, interpret:)'),
      fbsd('sys/kern/imgact_elf.c', '__elfN(imgact), __elfN(get_brandinfo)'),
      fbsd('sys/kern/imgact_shell.c', 'exec_shell_imgact'),
      fbsd(SYSVEC, 'cloudabi64_brand'),
    ],
    pseudo: [
      'credential_changing = a set-id bit and another owner',
      'if changing and not CRED_FLAG_CAPMODE and not nosuid and not traced: newcred = set-id',
      'for each activator: error = imgact(imgp)   // -1: not mine',
      '    ELF: brand for EI_OSABI and e_machine, else ENOEXEC',
      '    ELF: exec_new_vmspace, sections, PT_INTERP   // point of no return',
      '    #!: nested script -> ENOEXEC; name >= MAXSHELLCMDLEN -> ENAMETOOLONG',
      'no activator -> ENOEXEC',
      'if imgp->interpreted: args->fname = interpreter; goto interpret',
    ],
    errors: [
      { errno: 'ENOEXEC', when: 'no activator recognises the file, no ELF brand matches, or a script is the interpreter of a script' },
      { errno: 'ENAMETOOLONG', when: 'the #! interpreter name is 4096 bytes or longer' },
      { errno: 'E2BIG', when: 'no room is left in the argument buffer for the interpreter\'s arguments' },
    ],
    failureVisible: 'yes',
  },
  {
    id: 'cloudabi.kern.new_vmspace',
    order: 7,
    actor: 'kernel',
    title: 'exec_new_vmspace',
    summary:
      'The point of no return: the old address space is torn down. The ELF activator then maps the segments and loads PT_INTERP; any error from here on ends the process with SIGABRT (exit1).',
    citations: [
      fbsd(EXEC, 'exec_new_vmspace'),
      fbsd(EXEC, 'do_execve (exit1(td, 0, SIGABRT))'),
      fbsd('sys/kern/imgact_elf.c', '__elfN(load_section), __elfN(load_file)'),
    ],
    pseudo: [
      'imgp->vmspace_destroyed = 1   // POINT OF NO RETURN',
      'tear down or replace the address space; map a new stack',
      'load PT_LOAD sections: filesz past the end of the file -> ENOEXEC',
      'PT_INTERP: __elfN(load_file): in capability mode -> ECAPMODE',
      'any error now: exit1(td, 0, SIGABRT)',
    ],
    errors: [
      { errno: 'ENOEXEC', when: 'a segment runs past the end of the file ("truncated ELF file"), after the point of no return' },
      { errno: 'ECAPMODE', when: 'the image has PT_INTERP and the process is in capability mode, after the point of no return' },
    ],
    pointOfNoReturn: true,
    failureVisible: 'no',
  },
  {
    id: 'cloudabi.kern.copyout',
    order: 8,
    actor: 'kernel',
    title: 'cloudabi64_copyout_strings + cloudabi64_fixup',
    summary:
      'The sysvec\'s SV_CAPSICUM puts the process in capability mode; the argument buffer goes to the top of the new stack, then a 64-byte canary, a random process UUID and the auxiliary vector with CLOUDABI_AT_ARGDATA and CLOUDABI_AT_ARGDATALEN (the copied length minus the appended NUL).',
    citations: [
      fbsd(EXEC, 'do_execve (SV_CAPSICUM -> sys_cap_enter)'),
      fbsd(MODULE, 'cloudabi64_copyout_strings'),
      fbsd(MODULE, 'cloudabi64_fixup'),
      fbsd(SYSVEC, 'cloudabi64_fixup_tcb, cloudabi64_elf_sysvec'),
    ],
    pseudo: [
      'if SV_PROC_FLAG(p, SV_CAPSICUM): sys_cap_enter(td)',
      'len = begin_envv - begin_argv; copyout(begin_argv, top of the stack, len)',
      'p_osrel = __FreeBSD_version',
      'copyout a 64-byte canary and a random 16-byte process UUID',
      'argdatalen = len; if argdatalen > 0: argdatalen--   // the appended NUL',
      'auxv: ARGDATA, ARGDATALEN, BASE, CANARY, CANARYLEN = 64, NCPUS, PAGESZ, PHDR, PHNUM, PID, SYSINFO_EHDR, TID',
      'reserve the TCB; %fs points at it',
    ],
    errors: [{ errno: 'EFAULT', when: 'copyout to the new stack fails (after the point of no return; not simulated)' }],
    failureVisible: 'no',
  },
  {
    id: 'cloudabi.fd_install',
    order: 9,
    actor: 'kernel',
    title: 'fdinstall_remapped | fdcloseexec',
    summary:
      'fdescfree closes every descriptor of the old table with full close semantics, then the remapped table is installed. (A native execve instead unshares the table and closes the close-on-exec descriptors.)',
    citations: [fbsd(EXEC, 'do_execve'), fbsd(DESCRIP, 'fdinstall_remapped'), fbsd(DESCRIP, 'fdescfree'), fbsd(DESCRIP, 'fdunshare, fdcloseexec'), SEED],
    pseudo: [
      'if args->fdp != NULL:',
      '    fdinstall_remapped(td, args->fdp)',
      '        fdescfree(td)   // closef every old fd: POSIX locks released',
      '        p->p_fd = fdp',
      'else:   // native execve',
      '    fdunshare(td); fdcloseexec(td)   // UF_EXCLOSE fds closed',
    ],
    errors: [],
    failureVisible: 'no',
  },
  {
    id: 'cloudabi.kern.commit',
    order: 10,
    actor: 'kernel',
    title: 'do_execve: commit',
    summary:
      'Caught signals go back to their default, the process is named after the file, P_EXEC is set, a vfork parent is woken, the credentials decided earlier are installed and the text vnode recorded.',
    citations: [fbsd(EXEC, 'do_execve'), fbsd('sys/kern/kern_sig.c', 'execsigs, sig_drop_caught')],
    pseudo: [
      'execsigs(p)   // caught -> SIG_DFL; pending default-ignored ones dropped',
      'p_comm = name of the file (MAXCOMLEN 19)',
      'p->p_flag |= P_EXEC; if P_PPWAIT: wake the vfork parent',
      'if credential_setid: setsugid(p)',
      'if newcred: proc_set_cred(p, newcred)',
      'p->p_textvp = newtextvp; KNOTE(NOTE_EXEC)',
    ],
    errors: [],
    failureVisible: 'no',
  },
  {
    id: 'cloudabi.kern.post',
    order: 11,
    actor: 'kernel',
    title: 'post_execve',
    summary: 'After a successful exec the other threads are made to exit (thread_single(SINGLE_EXIT)); after a failure before the point of no return they resume (thread_single_end).',
    citations: [fbsd(EXEC, 'post_execve'), fbsd(SYSVEC, 'cloudabi64_set_syscall_retval')],
    pseudo: [
      'if (p->p_flag & P_HADTHREADS):',
      '    if error == EJUSTRETURN: thread_single(p, SINGLE_EXIT)   // others exit',
      '    else: thread_single_end(p, SINGLE_BOUNDARY)   // others resume',
      'vmspace_free(oldvmspace)',
      'error -> cloudabi_convert_errno(error)   // ECAPMODE -> ENOSYS',
    ],
    errors: [],
    failureVisible: 'not-applicable',
  },
  {
    id: 'cloudabi.newprog.start',
    order: 12,
    actor: 'new-program',
    title: 'crt0 _start -> program_main',
    summary: 'The new program\'s startup code reads CLOUDABI_AT_ARGDATA and CLOUDABI_AT_ARGDATALEN and hands program_main the tree; its fd values are the new table\'s slots 0..n-1.',
    citations: [{ source: 'CLOUDLIBC', file: 'src/crt/crt0.c', function: '_start' }, { source: 'CLOUDLIBC', file: 'src/libc/program/program_main.c', function: 'program_main' }],
    pseudo: [
      'walk the auxv: CLOUDABI_AT_ARGDATA, CLOUDABI_AT_ARGDATALEN, ...',
      'argdata_init_buffer(&ad, at_argdata, at_argdatalen, fd_passthrough)',
      'program_main(&ad)',
    ],
    errors: [],
    failureVisible: 'not-applicable',
  },
  // ---------------------------------------------------------------- cloudabi-run
  {
    id: 'cloudabi.run.open_executable',
    order: 101,
    actor: 'caller',
    title: 'cloudabi-run: open(path, O_EXEC)',
    summary: 'cloudabi-run opens the program O_EXEC; the fd is inherited by cloudabi-reexec (it is not close-on-exec).',
    citations: [{ source: 'CAUTILS', file: 'src/cloudabi-run/cloudabi-run.cc', function: 'main' }],
    pseudo: ['execfd = open(argv[0], O_EXEC)', 'if execfd == -1: print "Failed to open executable: ..."; return 127'],
    errors: [
      { errno: 'ENOENT', when: 'the program does not exist' },
      { errno: 'EACCES', when: 'the caller may not execute it' },
    ],
    failureVisible: 'yes',
  },
  {
    id: 'cloudabi.run.yaml',
    order: 102,
    actor: 'caller',
    title: 'cloudabi-run: YAML to argdata',
    summary:
      'The YAML on standard input becomes the tree: plain scalars are resolved by the YAML 1.2 core schema; !fd N|stdout|stderr, !executable and !file {path} become fd values (!file opens the file read-only). Floats and other tags are refused.',
    citations: [
      { source: 'CAUTILS', file: 'src/cloudabi-run/yaml_file_descriptor_factory.cc', function: 'YAMLFileDescriptorFactory::GetScalar, GetMap' },
      { source: 'YAML2ARGDATA', file: 'yaml2argdata/yaml_canonicalizing_factory.h', function: 'YAMLCanonicalizingFactory' },
      { source: 'YAML2ARGDATA', file: 'yaml2argdata/yaml_argdata_factory.h', function: 'YAMLArgdataFactory' },
      { source: 'YAML2ARGDATA', file: 'yaml2argdata/yaml_error_factory.h', function: 'YAMLErrorFactory' },
    ],
    pseudo: [
      'ad = YAMLBuilder(canonicalizing -> argdata -> file descriptor -> error factory).Build(stdin)',
      '    plain scalar: null | bool | int | float | str by the YAML 1.2 regexes',
      '    !fd stdout -> fd 1, !fd stderr -> fd 2, !fd N -> fd N',
      '    !executable -> execfd; !file {path: P} -> open(P, O_RDONLY)',
      '    anything else -> "Unsupported ..."',
      'on error: print it; return 127',
    ],
    errors: [{ errno: 'ENOENT', when: 'a !file path cannot be opened (cloudabi-run prints "Failed to open ..." and exits 127)' }],
    failureVisible: 'yes',
  },
  {
    id: 'cloudabi.run.reexec',
    order: 103,
    actor: 'libc',
    title: 'libcloudabi program_exec: execve(cloudabi-reexec)',
    summary:
      'The native half of cloudabi-run cannot call proc_exec: it serializes [fd(execfd), tree] with fd numbers written literally (no fds array), splits the bytes at NULs into argv and execve()s cloudabi-reexec with an empty environment.',
    citations: [{ source: 'CAUTILS', file: 'src/libcloudabi/program_exec.c', function: 'program_exec' }],
    pseudo: [
      'adseq = argdata_create_seq([argdata_create_fd(fd), ad])',
      'argdata_serialize(adseq, data, NULL)   // literal fd numbers',
      'data[datalen] = 0; argv = data split at NUL bytes',
      'execve(PATH_CLOUDABI_REEXEC, argv, {NULL})',
      'return errno',
    ],
    errors: [{ errno: 'ENOENT', when: 'cloudabi-reexec is not installed at PATH_CLOUDABI_REEXEC' }],
    failureVisible: 'yes',
  },
  {
    id: 'cloudabi.kern.copyin_args',
    order: 104,
    actor: 'kernel',
    title: 'exec_copyin_args',
    summary: 'A native execve copies the path and the argv and envp strings into the argument buffer; together they must fit ARG_MAX.',
    citations: [fbsd(EXEC, 'sys_execve, exec_copyin_args, exec_args_add_fname, exec_args_add_arg')],
    pseudo: [
      'exec_args_add_fname(args, fname)   // > PATH_MAX -> E2BIG',
      'for each argv string: exec_args_add_arg   // past ARG_MAX -> E2BIG',
      'for each envp string: exec_args_add_env',
    ],
    errors: [{ errno: 'E2BIG', when: 'the strings do not fit ARG_MAX, or the path is longer than PATH_MAX' }],
    failureVisible: 'yes',
  },
  {
    id: 'cloudabi.reexec.main',
    order: 105,
    actor: 'new-program',
    title: 'cloudabi-reexec: program_main',
    summary:
      'cloudabi-reexec, already a CloudABI process in capability mode, takes the fd and the tree out of its argdata and calls cloudlibc\'s program_exec, which passes on exactly the fds the tree names.',
    citations: [{ source: 'CAUTILS', file: 'src/cloudabi-reexec/cloudabi-reexec.c', function: 'program_main' }],
    pseudo: [
      'argdata_seq_iterate(ad): first = argdata_get_fd -> fd   // else "Failed to extract executable file descriptor"',
      'second = the argument data   // else "Failed to extract argument data"',
      'error = program_exec(fd, argv)',
      'write "Failed to start executable: <strerror(error)>" to fd 2; _Exit(127)',
    ],
    errors: [],
    failureVisible: 'yes',
  },
];

export const CLOUDABI_PHASES: readonly PhaseInfo[] = defs.map((d) => ({ ...d, system: 'cloudabi' }));
