/**
 * exec_new_vmspace and the rest of the ELF activator (FBSD
 * sys/kern/kern_exec.c: exec_new_vmspace; sys/kern/imgact_elf.c:
 * __elfN(imgact), __elfN(load_section), __elfN(load_file)). Setting
 * vmspace_destroyed is the point of no return: do_execve answers any later
 * error with exit1(td, 0, SIGABRT).
 */
import type { Kernel } from '../../../engine/kernel.js';
import { taskOf } from '../../../model/fds.js';
import { lookup } from '../../../model/filesystem.js';
import type { AddressSpace, Inode, Mapping } from '../../../model/state.js';
import { putMm, updateTask } from '../../common/process-ops.js';
import { fileSize } from './open-exec.js';
import type { ImageParams } from './image-params.js';

export function execNewVmspace(k: Kernel, imgp: ImageParams, inode: Inode): void {
  const { pid } = imgp;
  imgp.vmspaceDestroyed = true;
  k.emit({ kind: 'point-of-no-return', pid, phase: 'cloudabi.kern.new_vmspace' });
  k.pc(2);
  const task = taskOf(k.state, pid);
  const id = k.state.next.mm;
  const path = imgp.vp!.path;
  const mappings: Mapping[] = [
    { name: path, kind: 'text' },
    { name: '[stack]', kind: 'stack' },
    { name: '[shared page]', kind: 'vdso' },
  ];
  const mm: AddressSpace = { id, image: path, mappings, argv: [], envp: [], auxv: {}, variables: {}, users: 1 };
  let s = putMm(k.state, task.mm);
  s = { ...s, mms: s.mms.set(id, mm), next: { ...s.next, mm: id + 1 } };
  k.change(updateTask(s, pid, (t) => ({ ...t, mm: id })), {
    kind: 'memory-changed',
    pid,
    detail: `exec_new_vmspace: the old address space is gone; new address space #${id} for ${path}`,
  });

  const elf = imgp.elf!;
  k.pc(3);
  // __elfN(load_section): a segment must lie inside the file.
  const size = fileSize(inode);
  for (const seg of elf.segments ?? []) {
    if (seg.filesz !== 0 && seg.offset + seg.filesz > size) {
      k.fail('ENOEXEC', `elf_load_section: truncated ELF file (segment at ${seg.offset} + ${seg.filesz} bytes, file is ${size})`);
    }
  }
  if (elf.interp) {
    k.pc(4);
    // __elfN(load_file) refuses outright in capability mode, before any lookup.
    if (taskOf(k.state, pid).capabilityMode) k.fail('ECAPMODE', `ELF interpreter ${elf.interp} not found: __elfN(load_file) refuses in capability mode`);
    const t = taskOf(k.state, pid);
    const res = lookup(k.state.fs, elf.interp, { base: t.cwd, root: t.root, creds: t.creds, followFinal: true });
    if (!res.ok) k.fail(res.errno, `ELF interpreter ${elf.interp} not found: ${res.detail}`);
    const cur = k.state.mms.get(id)!;
    k.change({ ...k.state, mms: k.state.mms.set(id, { ...cur, mappings: [...cur.mappings, { name: res.path, kind: 'interp' }] }) }, {
      kind: 'memory-changed',
      pid,
      detail: `PT_INTERP: interpreter ${res.path} mapped`,
    });
  }
}
