/** The Hurd section: what its statements lower to, and each of its checks with message and range. */
import * as assert from 'node:assert/strict';
import { parseScenario } from '../../../../language-server/src/language/index.js';
import { expectErrors } from './support.js';

const WORLD = `system hurd
filesystem {
  mount / ext2fs libdiskfs
  file /bin/sh elf
  device /dev/tty
}
task shell pid 100 {
  fd 0 = /dev/tty rw
}
`;

async function lowered(text: string) {
  const { scenario, diagnostics } = await parseScenario(text, 'test.execsim');
  assert.deepEqual(diagnostics, []);
  return scenario!;
}

describe('the Hurd section', () => {
  describe('lowering', () => {
    it('gives a mount its translator library and task name', async () => {
      const s = await lowered('system hurd\nfilesystem {\n  mount / ext2fs libdiskfs\n  mount /ftp ftpfs libnetfs task ftp\n}\n');
      assert.deepEqual(s.filesystem.mounts.map(({ loc: _l, ...m }) => m), [
        { path: '/', fstype: 'ext2fs', server: 'libdiskfs' },
        { path: '/ftp', fstype: 'ftpfs', server: 'libnetfs', serverName: 'ftp' },
      ]);
    });

    it('writes the exec server lines of machine { } to the scenario\'s hurd world', async () => {
      const s = await lowered('system hurd\nmachine {\n  exec_server started\n  exec_server not ready\n  exec_server absent\n  standard_umask 027\n}\n');
      assert.deepEqual(s.hurd, { boot: false, execServerReady: false, execServer: false, standardUmask: 0o27 });
    });

    it('lowers a task\'s auth ids, ports, ctty and bootstrap port', async () => {
      const s = await lowered(`${WORLD.replace('task shell pid 100 {', 'task srv pid 50 {\n  port 7 receive "svc"\n}\ntask shell pid 100 {\n  auth euids [0] auids [] egids [5, 6] agids [5]\n  port 9 send "svc" refs 2 peer srv 7\n  ctty /dev/tty\n  bootstrap srv 7')}`);
      const { loc: _l, ...hurd } = s.tasks[1]!.hurd!;
      assert.deepEqual(JSON.parse(JSON.stringify(hurd, (k, v) => (k === 'loc' ? undefined : v))), {
        auth: { euids: [0], auids: [], egids: [5, 6], agids: [5] },
        ports: [{ name: 9, label: 'svc', right: 'send', refs: 2, peer: { task: 'srv', name: 7 } }],
        ctty: '/dev/tty',
        bootstrap: { task: 'srv', name: 7 },
      });
    });

    it('lowers posix_spawnp with file actions and attributes', async () => {
      const s = await lowered(`${WORLD}shell: posix_spawnp kid "sh" ["sh"] try_shell file_actions [open 4 /dev/tty O_RDWR mode 0600, closefrom 5] flags POSIX_SPAWN_SETSIGMASK sigmask SIGINT pgroup 3\nexpect kid ppid 100\n`);
      const { index: _i, loc: _l, ...a } = s.actions[0]!;
      assert.deepEqual(a, {
        task: 'shell',
        call: 'posix_spawn',
        child: 'kid',
        path: 'sh',
        argv: ['sh'],
        usePath: true,
        tryShell: true,
        fileActions: [{ action: 'open', fd: 4, path: '/dev/tty', flags: ['O_RDWR'], mode: 0o600 }, { action: 'closefrom', fd: 5 }],
        attributes: { flags: ['POSIX_SPAWN_SETSIGMASK'], sigmask: ['SIGINT'], pgroup: 3 },
      });
    });

    it('resolves the server tasks the system starts, named as sim-core names them', async () => {
      const s = await lowered('system hurd\nmachine {\n  exec_server booting\n}\nfilesystem {\n  mount / ext2fs libdiskfs\n  file /servers/exec data\n}\next2fs: hurd_boot start_execserver\nexpect ext2fs hurd_boot succeeds\n');
      assert.deepEqual(s.actions.map((a) => [a.task, a.call]), [['ext2fs', 'hurd_boot']]);
      assert.deepEqual(s.expectations.map((e) => e.what), ['result']);
    });

    it('lowers the rights of a port check in the debugger\'s words', async () => {
      const s = await lowered(`${WORLD}expect shell port 9 receive+send(2)+dead-name(1) task\nexpect shell ports [1 = send-once, 2 = port-set]\n`);
      assert.deepEqual(s.expectations.map(({ index: _i, after: _a, loc: _l, ...e }) => e), [
        { what: 'port', task: 'shell', name: 9, rights: 'receive+send(2)+dead-name(1)', kind: 'task' },
        { what: 'port-names', task: 'shell', entries: [{ name: 1, rights: 'send-once' }, { name: 2, rights: 'port-set' }] },
      ]);
    });
  });

  describe('diagnostics', () => {
    it('reports a Hurd task attribute on Linux, naming the Hurd', async () => {
      await expectErrors('system linux\ntask a pid 1 {\n  <|port 5 send "x"|>\n}\n', { code: 'wrong-system', message: 'port is not available on linux', hint: 'port exists on hurd' });
    });

    it('reports a mount\'s translator library on Linux', async () => {
      await expectErrors('system linux\nfilesystem {\n  mount / ext2fs <|libdiskfs|>\n}\n', { code: 'wrong-system', message: 'libdiskfs is not available on linux', hint: 'libdiskfs exists on hurd' });
    });

    it('reports a Hurd expectation on the L4-Hurd, after the task', async () => {
      await expectErrors('system l4hurd\ntask a pid 1\nexpect a <|same task|>\n', { code: 'wrong-system', message: 'same task is not available on l4hurd', hint: 'same task exists on hurd' });
    });

    it('reports the exec server\'s readiness on Linux', async () => {
      await expectErrors('system linux\n<|expect exec_server ready|>\n', { code: 'wrong-system', message: 'exec_server ready is not available on linux', hint: 'exec_server ready exists on hurd' });
    });

    it('reports an unknown exec server state with the states there are', async () => {
      await expectErrors('system hurd\nmachine {\n  exec_server <|reddy|>\n}\n', { code: 'unknown-name', message: 'unknown exec server state reddy', hint: 'did you mean ready?' });
    });

    it('reports exec_server not followed by ready', async () => {
      await expectErrors('system hurd\nmachine {\n  exec_server not <|absent|>\n}\n', { code: 'unknown-name', message: 'exec_server not absent has no meaning', hint: 'write exec_server not ready (exec_setexecdata has not run)' });
    });

    it('reports the same exec server fact given twice', async () => {
      await expectErrors('system hurd\nmachine {\n  exec_server ready\n  <|exec_server not ready|>\n}\n', { code: 'duplicate-statement', message: "the exec server's readiness is given twice" });
    });

    it('reports an unknown right in a task', async () => {
      await expectErrors(`${WORLD.replace('fd 0 = /dev/tty rw', 'port 4 <|sned|> "x"')}`, { code: 'unknown-name', message: 'unknown right sned', hint: 'did you mean send?' });
    });

    it('reports a send right checked without its user references', async () => {
      await expectErrors(`${WORLD}expect shell port 4 <|send|>\n`, { code: 'bad-value', message: 'send needs its user references: send(N)', hint: 'e.g. send(1)' });
    });

    it('reports user references on a right that has none', async () => {
      await expectErrors(`${WORLD}expect shell port 4 receive(<|1|>)\n`, { code: 'bad-value', message: 'a receive right has no user references', hint: 'write receive alone' });
    });

    it('reports rights written out of the debugger\'s order, which never match', async () => {
      await expectErrors(`${WORLD}expect shell port 4 send(1)+<|receive|>\n`, {
        code: 'never-checked',
        message: 'receive comes after send: the debugger writes rights in a fixed order, so this never holds',
        hint: 'write them in the order receive, send, send-once, dead-name, port-set',
      });
    });

    it('reports an unknown port kind', async () => {
      await expectErrors(`${WORLD}expect shell port 4 send(1) <|iox|>\n`, { code: 'unknown-name', message: 'unknown port kind iox', hint: 'did you mean io?' });
    });

    it('reports names of a namespace out of order', async () => {
      await expectErrors(`${WORLD}expect shell ports [5 = receive, <|3 = receive|>]\n`, {
        code: 'never-checked',
        message: 'name 3 comes after name 5',
        hint: 'list the names in increasing order, as the namespace is compared name by name',
      });
    });

    it('reports an unknown init port slot', async () => {
      await expectErrors(`${WORLD}expect shell port <|CWD|> io\n`, { code: 'unknown-name', message: 'unknown init port CWD', hint: 'did you mean CWDIR?' });
    });

    it('reports a path on an init port that is not an io port', async () => {
      await expectErrors(`${WORLD}expect shell port AUTH auth <|/etc|>\n`, { code: 'never-checked', message: 'only an io port has a path; AUTH is expected to be auth', hint: 'drop the path, or expect io' });
    });

    it('reports dtable rows out of fd order', async () => {
      await expectErrors(`${WORLD}expect shell dtable [2 = 5, <|1 = 5|>]\n`, {
        code: 'never-checked',
        message: 'fd 1 comes after fd 2',
        hint: 'list the rows in increasing fd order, as the table is compared slot by slot',
      });
    });

    it('reports an unknown boot step', async () => {
      await expectErrors('system hurd\nmachine {\n  exec_server booting\n}\nfilesystem {\n  mount / ext2fs libdiskfs\n}\next2fs: hurd_boot <|start_execsrv|>\n', { code: 'unknown-name', message: 'unknown boot step start_execsrv', hint: 'did you mean start_execserver?' });
    });

    it('reports an unknown posix_spawn flag', async () => {
      await expectErrors(`${WORLD}shell: posix_spawn kid /bin/sh ["sh"] flags <|POSIX_SPAWN_SETSID2|>\n`, {
        code: 'unknown-name',
        message: 'unknown posix_spawn flag POSIX_SPAWN_SETSID2',
        hint: 'flags: POSIX_SPAWN_SETSID, POSIX_SPAWN_SETPGROUP, POSIX_SPAWN_RESETIDS, POSIX_SPAWN_SETSIGMASK, POSIX_SPAWN_SETSIGDEF',
      });
    });

    it('reports a task given auth ids twice', async () => {
      await expectErrors(`${WORLD.replace('fd 0 = /dev/tty rw', 'auth euids [1] auids [] egids [] agids []\n  <|auth euids [2] auids [] egids [] agids []|>')}`, { code: 'duplicate-statement', message: 'auth is given twice for task shell' });
    });

    it('does not know the Hurd\'s server tasks on another system', async () => {
      await expectErrors('system linux\n<|ext2fs|>: close 0\n', { code: 'unknown-task', message: 'no task named ext2fs', hint: 'declare it (task ext2fs pid N) or create it (PARENT: fork ext2fs)' });
    });
  });
});
