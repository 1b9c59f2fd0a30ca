/** The L4-Hurd section: what its statements lower to, and each of its checks with message and range. */
import * as assert from 'node:assert/strict';
import { parseScenario } from '../../../../language-server/src/language/index.js';
import { expectErrors } from './support.js';

describe('the L4-Hurd section', () => {
  it('lowers task_control_grant and the checks of holders, handles, the stack and the exec server', async () => {
    const { scenario, diagnostics } = await parseScenario(
      'system l4hurd\ntask a pid 1\ntask b pid 2\na: task_control_grant b\nexpect a holders [a, b]\nexpect a handles ["fd 0 → fs:/dev/tty"]\nexpect a stack secure "false"\nexpect exec_server holds []\nexpect exec_server calls ["fs: x"]\n',
    );
    assert.deepEqual(diagnostics, []);
    const { index: _i, loc: _l, ...action } = scenario!.actions[0]!;
    assert.deepEqual(action, { task: 'a', call: 'task_control_grant', to: 'b' });
    assert.deepEqual(scenario!.expectations.map(({ index: _i, after: _a, loc: _l, ...e }) => e), [
      { what: 'l4hurd-holders', task: 'a', holders: ['a', 'b'] },
      { what: 'l4hurd-handles', task: 'a', handles: ['fd 0 → fs:/dev/tty'] },
      { what: 'l4hurd-stack', task: 'a', field: 'secure', value: 'false' },
      { what: 'l4hurd-exec-holds', holds: [] },
      { what: 'l4hurd-exec-calls', calls: ['fs: x'] },
    ]);
  });

  it('reports an L4-Hurd check on the Hurd, naming the L4-Hurd', async () => {
    await expectErrors('system hurd\ntask a pid 100\nexpect a <|holders []|>\n', { code: 'wrong-system', message: 'holders is not available on hurd', hint: 'holders exists on l4hurd' });
  });

  it('reports the exec server\'s calls on Linux', async () => {
    await expectErrors('system linux\n<|expect exec_server calls []|>\n', { code: 'wrong-system', message: 'exec_server calls is not available on linux', hint: 'exec_server calls exists on l4hurd' });
  });

  it('reports an unknown stack field', async () => {
    await expectErrors('system l4hurd\ntask a pid 1\nexpect a stack <|argc|> "1"\n', { code: 'unknown-name', message: 'unknown stack field argc', hint: 'did you mean argv?' });
  });

  it('reports an unknown list of the exec server', async () => {
    await expectErrors('system l4hurd\nexpect exec_server <|hold|> []\n', { code: 'unknown-name', message: 'unknown exec server list hold', hint: 'did you mean holds?' });
  });

  it('reports task_control_grant to a task that does not exist', async () => {
    await expectErrors('system l4hurd\ntask a pid 1\na: task_control_grant <|b|>\n', { code: 'unknown-task', message: 'no task named b', hint: 'did you mean a?' });
  });
});
