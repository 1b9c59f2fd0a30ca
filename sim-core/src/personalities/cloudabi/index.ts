/**
 * The CloudABI personality: proc_exec on FreeBSD (exec-reference.md §2), with
 * argdata serialized by cloudlibc, the fd table rebuilt from the fds array by
 * the kernel, and cloudabi-run as the usual way in.
 */
import type { Personality } from '../personality.js';
import { registerCallDescription, registerExpectationDescription } from '../../scenario/describe.js';
import { CLOUDABI_PHASES } from './catalogue.js';
import { describeCloudabiCall, describeCloudabiEvent, describeCloudabiExpectation } from './describe.js';
import { evaluateCloudabiExpectation } from './expectations.js';
import { procExecAction } from './proc-exec-action.js';
import { cloudabiRunAction } from './run/cloudabi-run.js';
import { withCloudabi } from './state.js';
import { startsInCapabilityMode, validateCloudabi } from './validate.js';
import './events.js';
import { cloudabiInspector } from './inspector.js';

for (const call of ['proc_exec', 'cloudabi_run'] as const) registerCallDescription(call, (a) => describeCloudabiCall(a) ?? call);
for (const what of ['argdata', 'exec-message'] as const) registerExpectationDescription(what, (e) => describeCloudabiExpectation(e) ?? what);

export const cloudabi: Personality = {
  system: 'cloudabi',
  title: 'CloudABI on FreeBSD',
  phases: CLOUDABI_PHASES,
  actions: {
    proc_exec: procExecAction,
    cloudabi_run: cloudabiRunAction,
  },
  initialize(state, scenario) {
    let s = withCloudabi(state, () => ({ messages: [], images: {} }));
    for (const spec of scenario.tasks) {
      const pid = spec.pid;
      const task = s.tasks.get(pid);
      if (!task || spec.capabilityMode !== undefined) continue;
      if (startsInCapabilityMode(spec, s.fs)) s = { ...s, tasks: s.tasks.set(pid, { ...task, capabilityMode: true }) };
    }
    return s;
  },
  validate: validateCloudabi,
  evaluateExpectation: evaluateCloudabiExpectation,
  describeEvent: describeCloudabiEvent,
  inspector: cloudabiInspector,
};
