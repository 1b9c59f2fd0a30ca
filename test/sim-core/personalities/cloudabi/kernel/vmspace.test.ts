import * as assert from 'node:assert/strict';
import { argNull, type FsNodeSpec } from '../../../../../sim-core/src/index.js';
import { LAUNCHER_PID, baseNodes, cloudabiScenario, launcher, procExec, run } from '../support.js';

const elf = (path: string, extra: Record<string, unknown>): FsNodeSpec => ({
  kind: 'file',
  path,
  mode: 0o755,
  content: { type: 'elf', machine: 'x86_64', osabi: 'cloudabi', size: 4096, ...extra },
});

function execNode(node: FsNodeSpec) {
  return run(
    cloudabiScenario({
      nodes: baseNodes([node, elf('/libexec/ld.so', {})]),
      tasks: [launcher([{ fd: 4, target: { path: node.path }, access: 'exec' }])],
      steps: [procExec(argNull, undefined, 4), { expect: true, what: 'ponr', action: 0, crossed: true }],
    }),
  );
}

describe('exec_new_vmspace and the rest of the ELF activator (phase 7)', () => {
  it('crosses the point of no return and replaces the address space on success', () => {
    const r = execNode(elf('/bin/ok', {}));
    assert.equal(r.ofKind('point-of-no-return').length, 1);
    const mm = r.final.mms.get(r.final.tasks.get(LAUNCHER_PID)!.mm)!;
    assert.deepEqual(mm.mappings.map((m) => m.name), ['/bin/ok', '[stack]', '[shared page]']);
    assert.ok(r.expectations()[0]!.passed);
  });

  it('ends the process with SIGABRT when a segment runs past the end of the file', () => {
    const r = execNode(elf('/bin/truncated', { size: 4096, segments: [{ offset: 0, filesz: 8192 }] }));
    assert.deepEqual(r.outcome(), {
      ok: false,
      killed: 'SIGABRT',
      detail: 'ENOEXEC after the point of no return: elf_load_section: truncated ELF file (segment at 0 + 8192 bytes, file is 4096)',
      phase: 'cloudabi.kern.new_vmspace',
    });
    assert.deepEqual(r.final.tasks.get(LAUNCHER_PID)!.status, { state: 'killed', signal: 'SIGABRT' });
    assert.deepEqual(r.ofKind('error-returned'), []);
    assert.ok(r.expectations()[0]!.passed);
  });

  it('ends the process with SIGABRT when the image has PT_INTERP: load_file refuses in capability mode', () => {
    const r = execNode(elf('/bin/dynamic', { interp: '/libexec/ld.so' }));
    assert.equal((r.outcome() as { killed: string }).killed, 'SIGABRT');
    assert.deepEqual(r.failedPhases(), [
      ['cloudabi.kern.new_vmspace', 'ECAPMODE'],
      ['cloudabi.kern.activate', 'ECAPMODE'],
    ]);
  });

  it('drops the remapped table (exec_free_args) before exit1 closes the old one', () => {
    const r = execNode(elf('/bin/truncated', { size: 10, segments: [{ offset: 8, filesz: 8 }] }));
    const freed = r.events.findIndex((e) => e.kind === 'remapped-table-freed');
    const exited = r.events.findIndex((e) => e.kind === 'process-killed');
    assert.ok(freed > 0 && exited > freed);
    assert.equal(r.final.descriptions.size, 0);
  });
});
