import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { ExtensionHost } from '../../extension/src/simulator/main.js';
import { REPO_ROOT } from '../support/golden.js';
import { AdapterServer, connect, type Probe } from '../debug-adapter/support/clients.js';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'close-on-exec.execsim');

/** The fd rows of the FD table scope, as the Variables view shows them. */
async function fdRows(p: Probe, frameId: number): Promise<string[]> {
  return (await p.scope(frameId, 'FD table')).map((v) => `${v.name}: ${v.value}`);
}

describe('extension: the inline debug adapter host', () => {
  let server: AdapterServer;
  let p: Probe;
  const open = new Map<string, string>();
  before(async () => {
    server = await AdapterServer.start(new ExtensionHost((file) => open.get(file)));
  });
  after(async () => server.close());
  beforeEach(async () => {
    open.clear();
    p = await connect('server', server);
  });
  afterEach(async () => p.stop());

  it('debugs an .execsim file and stops at a phase function breakpoint with the fd table before close-on-exec', async () => {
    const stop = await p.launch({ scenario: EXAMPLE }, { configure: (q) => q.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'linux.close_on_exec' }] }) });
    assert.equal(stop.reason, 'function breakpoint');
    const frame = await p.top(stop.threadId!);
    assert.equal(frame.name, 'kernel: do_execveat_common (execve) › do_close_on_exec');
    assert.deepEqual(await fdRows(p, frame.id), [
      '0: → /dev/tty (rw)',
      '1: → /dev/tty (rw)',
      '2: → /dev/tty (rw)',
      '3: → /etc/passwd (ro, cloexec)',
      '4: → /var/log/app.log (wo, cloexec)',
      '5: → /etc/passwd (ro)',
      '6: → pipe:p[read] (ro, cloexec)',
      '7: → pipe:p[write] (wo)',
      '10: → /var/log/app.log (wo, cloexec)',
    ]);
  });

  it('reads a file open in the editor from the editor, unsaved text included', async () => {
    const file = path.join(REPO_ROOT, 'examples', 'unsaved.execsim');
    assert.equal(fs.existsSync(file), false);
    open.set(file, fs.readFileSync(EXAMPLE, 'utf8').replace('fd 3 = /etc/passwd ro cloexec', 'fd 3 = /etc/passwd ro'));
    const stop = await p.launch(
      { scenario: file },
      {
        configure: async (q) => {
          await q.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'linux.close_on_exec' }] });
          // The edited fd 3 makes the first `expect shell fds` fail; that stop is not the one wanted here.
          await q.dc.setExceptionBreakpointsRequest({ filters: [] });
        },
      },
    );
    assert.equal(stop.reason, 'function breakpoint');
    const frame = await p.top(stop.threadId!);
    assert.equal((await fdRows(p, frame.id))[3], '3: → /etc/passwd (ro)');
  });

  it('reads JSON scenarios too', () => {
    const host = new ExtensionHost(() => undefined);
    assert.deepEqual(host.loaders.map((l) => [l.name, l.extensions]), [
      ['execsim scenario', ['.execsim']],
      ['JSON scenario', ['.json']],
    ]);
  });
});
