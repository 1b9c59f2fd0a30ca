import * as assert from 'node:assert/strict';
import { Engine, argFd, argNull, type Scenario } from '../../../../sim-core/src/index.js';
import { cloudabiRunScenario, tagged, ymap } from './scenarios/cloudabi-run.js';
import { cloudabiScenario, launcher, procExec } from './support.js';

function problems(s: Scenario): string[] {
  const r = Engine.create(s);
  return r.ok ? [] : r.problems.map((p) => `${p.at}: ${p.message}`);
}

describe('CloudABI scenario checks', () => {
  it('accepts proc_exec from a task running a CloudABI program', () => assert.deepEqual(problems(cloudabiScenario({ steps: [procExec(argNull)] })), []));

  it('refuses proc_exec from a task that is not in capability mode', () => {
    const s = cloudabiScenario({ tasks: [launcher([], { exe: '/dev/tty', capabilityMode: false })], steps: [procExec(argNull)] });
    assert.deepEqual(problems(s), ['actions[0].task: launcher is not a CloudABI process: only programs running in capability mode have proc_exec']);
  });

  it('refuses values no C program can build', () => {
    const s = cloudabiScenario({ steps: [procExec({ type: 'int', value: '99999999999999999999999' }), procExec(argNull, [2 ** 40])] });
    assert.deepEqual(problems(s), [
      'actions[0].argdata: $: 99999999999999999999999 is outside intmax_t and uintmax_t (argdata_create_int takes one of them)',
      'actions[1].fds[0]: fds[0] = 1099511627776 is not a C int',
    ]);
  });

  it('refuses !flower_switchboard_handle, which needs a daemon the simulator does not have', () => {
    const s = cloudabiRunScenario(ymap([['net', ymap([['switchboard_path', tagged('!!str', '/var/run/flower')]], '!flower_switchboard_handle')]]));
    assert.deepEqual(problems(s), ['actions[0].config.entries[0].value: !flower_switchboard_handle is not simulated']);
  });

  it('refuses a negative !fd, which cloudabi-run would turn into a null argdata', () => {
    const s = cloudabiRunScenario(ymap([['in', tagged('!fd', '-1')]]));
    assert.deepEqual(problems(s), ['actions[0].config.entries[0].value: !fd -1: argdata_create_fd refuses a negative fd and cloudabi-run would go on with a null argdata']);
  });

  it('accepts proc_exec after cloudabi_run made the task a CloudABI program', () => {
    const s = cloudabiRunScenario(null);
    const second = { ...procExec(argFd(0)), task: 'supervisor', index: 1, loc: s.actions[0]!.loc };
    assert.deepEqual(problems({ ...s, actions: [...s.actions, second as never] }), []);
  });

  it('refuses calls CloudABI does not have, naming the system that has them', () => {
    const s = cloudabiScenario({ steps: [{ task: 'launcher', call: 'execve', path: '/bin/prog', argv: [] }] });
    assert.deepEqual(problems(s), ['actions[0].call: execve is not available on cloudabi']);
  });
});
