import * as assert from 'node:assert/strict';
import { argFd, argInt, argMap, argStr, type YamlNode } from '../../../../../sim-core/src/index.js';
import { cloudabiRunScenario, mailConfig, plain, quoted, tagged, ymap, yseq } from '../scenarios/cloudabi-run.js';
import { fdRows, lastMessage, run } from '../support.js';

const PID = 500;

function runWith(config: YamlNode | null) {
  return run(cloudabiRunScenario(config));
}

describe('cloudabi_run', () => {
  it('gives the program exactly the fds the YAML names, renumbered from 0', () => {
    const r = runWith(mailConfig);
    assert.deepEqual(r.outcome(), { ok: true, detail: 'now running /usr/local/bin/mailserver' });
    assert.deepEqual(fdRows(r.final, PID), ['0 → socket:smtp:25 (rw)', '1 → /dev/pts/0 (rw)', '2 → /etc/mail/aliases (ro)']);
    assert.deepEqual(r.ofKind('argdata-received').at(-1)!.tree, '{"hostname": "mail.example.org", "smtp": !fd 0, "log": !fd 1, "aliases": !fd 2, "workers": 4}');
  });

  it('gives the program no fds at all by default', () => {
    const r = runWith(ymap([['greeting', quoted('hello')]]));
    assert.deepEqual(fdRows(r.final, PID), []);
  });

  it('runs the program with a null tree and no fds for an empty document', () => {
    const r = runWith(null);
    assert.deepEqual(fdRows(r.final, PID), []);
    assert.deepEqual(r.ofKind('argdata-received').at(-1)!.tree, 'null');
  });

  it('passes literal fd numbers to cloudabi-reexec in argument strings, with an empty fds array', () => {
    const r = runWith(ymap([['out', tagged('!fd', 'stdout')]]));
    const hop = r.ofKind('argdata-serialized');
    assert.deepEqual(hop.map((e) => [e.via, e.fds]), [['execve', []], ['program_exec', [1]]]);
    assert.equal(hop[0]!.hex, '07 85 03 00 00 00 06 8d 06 85 08 6f 75 74 00 85 03 00 00 00 01');
  });

  it('lets cloudabi-reexec inherit every fd without close-on-exec, and proc_exec drop the unnamed ones', () => {
    const r = runWith(ymap([['out', tagged('!fd', 'stdout')]]));
    // The native execve closed only the close-on-exec control socket (fd 5)...
    assert.deepEqual(r.ofKind('fd-closed').map((e) => [e.fds, e.reason]), [
      [[5], 'close-on-exec'],
      [[0, 1, 2, 3, 4, 6], 'exec-remap'],
    ]);
    // ...so the private key on fd 4 reached cloudabi-reexec, and only proc_exec kept it from the program.
    assert.deepEqual(fdRows(r.final, PID), ['0 → /dev/pts/0 (rw)']);
  });

  it('enters capability mode when cloudabi-reexec starts', () => {
    const r = runWith(null);
    assert.equal(r.ofKind('capability-mode-entered').length, 1);
    assert.equal(r.final.tasks.get(PID)!.capabilityMode, true);
    assert.deepEqual(
      r.phases().filter((p) => p.startsWith('cloudabi.run') || p === 'cloudabi.kern.copyin_args' || p === 'cloudabi.reexec.main'),
      ['cloudabi.run.open_executable', 'cloudabi.run.yaml', 'cloudabi.run.reexec', 'cloudabi.kern.copyin_args', 'cloudabi.reexec.main'],
    );
  });

  it('passes !executable as the fd cloudabi-run opened O_EXEC', () => {
    const r = runWith(yseq([tagged('!executable', '')]));
    assert.deepEqual(fdRows(r.final, PID), ['0 → /usr/local/bin/mailserver (exec)']);
  });

  it('turns plain scalars into typed values', () => {
    const r = runWith(ymap([['n', plain('-12')], ['flag', plain('true')], ['none', plain('~')], ['name', plain('x')]]));
    assert.equal(lastMessage(r.final).via, 'program_exec');
    assert.deepEqual(lastMessage(r.final).tree?.type, 'buffer');
    assert.deepEqual(r.ofKind('argdata-received').at(-1)!.tree, '{"n": -12, "flag": true, "none": null, "name": "x"}');
    assert.equal(argMap([[argStr('n'), argInt(-12)]]).type, 'map');
  });

  const refusals: Array<[string, YamlNode, string]> = [
    ['a float', ymap([['ratio', plain('0.5')]]), 'Unsupported scalar with tag "tag:yaml.org,2002:float"'],
    ['True (only true and false are read)', ymap([['on', plain('True')]]), 'Unknown boolean value: True'],
    ['a hexadecimal integer', ymap([['mask', plain('0x1F')]]), 'Failed to parse integer literal'],
    ['a bad !fd number', ymap([['in', tagged('!fd', 'three')]]), 'Invalid file descriptor number'],
    ['an unknown tag', ymap([['x', tagged('!socket', 'a')]]), 'Unsupported scalar with tag "tag:nuxi.nl,2015:cloudabi/socket"'],
    ['!file without a path', ymap([['f', ymap([['name', plain('/etc/mail/aliases')]], '!file')]]), 'Unsupported attribute: name'],
    ['!file that cannot be opened', ymap([['f', ymap([['path', plain('/nonexistent')]], '!file')]]), 'Failed to open "/nonexistent": No such file or directory'],
  ];
  for (const [what, config, message] of refusals) {
    it(`exits 127 on ${what}, saying "${message}"`, () => {
      const r = runWith(config);
      assert.deepEqual(r.outcome(), { ok: true, value: 127, detail: `cloudabi-run exited 127: ${message}` });
      assert.deepEqual(r.ofKind('program-output').map((e) => [e.fd, e.text]), [[2, message]]);
      assert.deepEqual(r.final.tasks.get(PID)!.status, { state: 'exited', status: 127 });
      assert.deepEqual(r.ofKind('point-of-no-return'), []);
    });
  }

  it('exits 127 when the program cannot be opened', () => {
    const s = cloudabiRunScenario(null);
    const r = run({ ...s, actions: [{ ...s.actions[0]!, executable: '/usr/local/bin/missing' } as never] });
    assert.deepEqual(r.ofKind('program-output').map((e) => e.text), ['Failed to open executable: No such file or directory']);
    assert.deepEqual(r.outcome(), {
      ok: false,
      errno: 'ENOENT',
      detail: 'cloudabi-run exited 127: /usr/local/bin/missing does not exist',
      phase: 'cloudabi.run.open_executable',
    });
  });

  it('exits 127 when cloudabi-reexec is not installed', () => {
    const s = cloudabiRunScenario(null);
    const r = run({ ...s, actions: [{ ...s.actions[0]!, reexec: '/opt/cloudabi-reexec' } as never] });
    assert.deepEqual(r.outcome(), {
      ok: false,
      errno: 'ENOENT',
      detail: 'cloudabi-run exited 127: execve(/opt/cloudabi-reexec) failed: /opt does not exist',
      phase: 'cloudabi.kern.open_exec',
    });
    assert.deepEqual(r.ofKind('program-output').map((e) => e.text), ['Failed to start executable: No such file or directory']);
  });

  it('has cloudabi-reexec report a failed program_exec on fd 2 and exit 127', () => {
    // open(O_EXEC) does not look at writers; exec_check_permissions does.
    const s = cloudabiRunScenario(ymap([['key', tagged('!fd', '4')]]));
    const nodes = s.filesystem.nodes.map((n) => (n.path === '/usr/local/bin/mailserver' ? { ...n, writers: 1 } : n));
    const r = run({ ...s, filesystem: { ...s.filesystem, nodes } });
    assert.deepEqual(r.ofKind('program-output').map((e) => [e.fd, e.text]), [[2, 'Failed to start executable: Text file busy']]);
    assert.deepEqual(r.outcome(), { ok: true, value: 127, detail: 'cloudabi-reexec: Failed to start executable: Text file busy' });
    assert.equal(r.final.tasks.get(PID)!.comm, 'cloudabi-reexec');
  });

  it('remaps the fds of a configuration without renumbering gaps', () => {
    const r = runWith(yseq([tagged('!fd', '3'), tagged('!fd', '3'), tagged('!fd', 'stderr')]));
    assert.deepEqual(lastMessage(r.final).fds, [3, 2]);
    assert.deepEqual(r.ofKind('argdata-received').at(-1)!.tree, '[!fd 0, !fd 0, !fd 1]');
    assert.equal(argFd(0).type, 'fd');
  });
});
