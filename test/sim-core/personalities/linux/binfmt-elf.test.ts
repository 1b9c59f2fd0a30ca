/**
 * ELF binaries (fs/binfmt_elf.c: load_elf_binary): header and machine,
 * PT_INTERP opened before the point of no return, files no handler knows.
 */
import * as assert from 'node:assert/strict';
import type { FsNodeSpec } from '../../../../sim-core/src/index.js';
import { data, elf, script } from '../../../support/scenario-builder.js';
import { runLinux, world } from './run-linux.js';

function exec(path: string, nodes: FsNodeSpec[]) {
  const r = runLinux({ nodes: world(nodes), tasks: [{ name: 'sh', pid: 100 }], steps: [{ task: 'sh', call: 'execve', path, argv: ['x'] }] });
  return { result: r.result(0), failedIn: r.failedIn(0), ponr: r.ponr(0), run: r };
}

describe('linux exec: ELF', () => {
  it('a binary for another machine is ENOEXEC: ELF refuses it, no other handler takes it', () => {
    const r = exec('/bin/arm', [elf('/bin/arm', { machine: 'aarch64' })]);
    assert.deepEqual([r.result, r.failedIn, r.ponr], ['ENOEXEC', 'linux.search_binfmt', false]);
  });

  it('a broken ELF header: load_elf_binary says ENOEXEC ("not mine") and search_binary_handler ends with ENOEXEC', () => {
    const r = exec('/bin/bad', [{ kind: 'file', path: '/bin/bad', content: { type: 'elf', machine: 'x86_64', corrupt: true } }]);
    assert.deepEqual([r.result, r.failedIn], ['ENOEXEC', 'linux.search_binfmt']);
    const left = r.run.events(0).flatMap((e) => (e.kind === 'phase-left' && e.errno ? [`${e.phase} ${e.errno}`] : []));
    assert.deepEqual(left, ['linux.binfmt_elf.preflight ENOEXEC', 'linux.search_binfmt ENOEXEC', 'linux.interp_loop ENOEXEC']);
  });

  it('an empty file and a text file with x bits are ENOEXEC', () => {
    assert.deepEqual(exec('/bin/empty', [data('/bin/empty', { mode: 0o755 })]).result, 'ENOEXEC');
    const text = exec('/bin/text', [{ kind: 'file', path: '/bin/text', mode: 0o755, content: { type: 'data', text: 'echo hi\n' } }]);
    assert.deepEqual([text.result, text.failedIn], ['ENOEXEC', 'linux.search_binfmt']);
  });

  it('a missing PT_INTERP loader is ENOENT for a binary that exists, before the point of no return', () => {
    const r = exec('/bin/dyn', [elf('/bin/dyn', { interp: '/lib/ld-missing.so' })]);
    assert.deepEqual([r.result, r.failedIn, r.ponr], ['ENOENT', 'linux.binfmt_elf.preflight', false]);
  });

  it('a loader that is not an ELF file for this machine is ELIBBAD; one without x is EACCES', () => {
    assert.equal(exec('/bin/dyn', [data('/lib/ld.so', { mode: 0o755 }), elf('/bin/dyn', { interp: '/lib/ld.so' })]).result, 'ELIBBAD');
    assert.equal(exec('/bin/dyn', [elf('/lib/ld.so', { machine: 'aarch64' }), elf('/bin/dyn', { interp: '/lib/ld.so' })]).result, 'ELIBBAD');
    assert.equal(exec('/bin/dyn', [elf('/lib/ld.so', { mode: 0o644 }), elf('/bin/dyn', { interp: '/lib/ld.so' })]).result, 'EACCES');
  });

  it('a script whose interpreter is a dynamic binary with a missing loader is ENOENT too', () => {
    const r = exec('/bin/s', [script('/bin/s', '#!/bin/dyn\n'), elf('/bin/dyn', { interp: '/lib/nothing.so' })]);
    assert.deepEqual([r.result, r.failedIn, r.ponr], ['ENOENT', 'linux.binfmt_elf.preflight', false]);
  });

  it('a working loader runs: the program is mapped with its interpreter', () => {
    const r = exec('/bin/dyn', [elf('/lib/ld.so'), elf('/bin/dyn', { interp: '/lib/ld.so' })]);
    assert.equal(r.result, 'ok');
    assert.deepEqual(r.run.state.mms.get(r.run.task('sh').mm)!.mappings.filter((m) => m.kind === 'interp').map((m) => m.name), ['/lib/ld.so']);
  });
});
