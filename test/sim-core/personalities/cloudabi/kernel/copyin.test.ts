import * as assert from 'node:assert/strict';
import { argBinary, argFd, argNull, argSeq, argStr } from '../../../../../sim-core/src/index.js';
import { LAUNCHER_PID, cloudabiScenario, fdRows, lastMessage, procExec, run } from '../support.js';

describe('exec_copyin_data_fds (phase 3)', () => {
  it('refuses datalen >= ARG_MAX (262144) with E2BIG before copying anything', () => {
    const r = run(cloudabiScenario({ steps: [procExec(argBinary(new Array(262143).fill(0x41)))] }));
    assert.deepEqual(r.outcome(), { ok: false, errno: 'E2BIG', detail: 'datalen 262144 >= ARG_MAX (262144)', phase: 'cloudabi.kern.copyin' });
    assert.deepEqual(r.ofKind('exec-args-copied'), []);
    assert.equal(r.engine.actions().get(0)!.ponr, false);
  });

  it('accepts datalen 262143, one byte under ARG_MAX', () => {
    const r = run(cloudabiScenario({ steps: [procExec(argBinary(new Array(262142).fill(0x41)))] }));
    assert.equal(r.outcome().ok, true);
  });

  it('refuses an fds array longer than fd_lastfile + 1 with E2BIG, duplicates or not', () => {
    const r = run(cloudabiScenario({ steps: [procExec(argSeq([argFd(0), argFd(1), argFd(2), argFd(3), argFd(0)]), [0, 1, 2, 3, 0])] }));
    assert.deepEqual(r.outcome(), {
      ok: false,
      errno: 'E2BIG',
      detail: 'fdslen 5 > fd_lastfile + 1 = 4: the fds array is longer than the caller\'s fd table',
      phase: 'cloudabi.kern.copyin',
    });
    assert.deepEqual(r.failedPhases(), [['cloudabi.kern.copyin', 'E2BIG']]);
    assert.deepEqual(fdRows(r.final, LAUNCHER_PID), ['0 → /dev/tty (rw)', '1 → /dev/tty (rw)', '2 → /dev/tty (rw)', '3 → /bin/prog (exec)']);
  });

  it('gives E2BIG, not EBADF, when program_exec names more distinct unopened fds than the table has slots', () => {
    const r = run(cloudabiScenario({ steps: [procExec(argSeq([10, 11, 12, 13, 14].map(argFd)))] }));
    assert.equal((r.outcome() as { errno: string }).errno, 'E2BIG');
    assert.deepEqual(lastMessage(r.final).fds, [10, 11, 12, 13, 14]);
  });

  it('appends one NUL and counts argc as the NUL bytes of the copy', () => {
    const r = run(cloudabiScenario({ steps: [procExec(argStr('a\u0000b'))] }));
    const copied = r.ofKind('exec-args-copied');
    assert.deepEqual(
      copied.map((e) => ({ datalen: e.datalen, argc: e.argc, fdslen: e.fdslen, fdLastfile: e.fdLastfile })),
      [{ datalen: 5, argc: 3, fdslen: 0, fdLastfile: 3 }],
    );
    assert.deepEqual(r.final.mms.get(r.final.tasks.get(LAUNCHER_PID)!.mm)!.argv, ['\u0008a', 'b', '']);
  });

  it('copies nothing and counts argc 0 for empty data', () => {
    const r = run(cloudabiScenario({ steps: [procExec(argNull)] }));
    assert.equal(r.ofKind('exec-args-copied')[0]!.argc, 0);
  });
});
