/**
 * The L4-Hurd exec proposal (SEEDS 003, Marcus Brinkmann, 2003) as a
 * personality: execve runs the proposed protocol; task_control_grant gives
 * another task a send right on the caller's task object.
 */
import type { Outcome } from '../../engine/events.js';
import type { Kernel } from '../../engine/kernel.js';
import type { Problem } from '../../scenario/problems.js';
import type { Scenario } from '../../scenario/scenario.js';
import type { ActionContext, Personality } from '../personality.js';
import { L4HURD_PHASES } from './catalogue.js';
import { execveL4Action } from './exec-call.js';
import { describeL4Event } from './events.js';
import { evaluateL4Expectation } from './expectations.js';
import { initializeL4Hurd } from './initialize.js';
import { grantHolder } from './ops.js';
import { l4hurdInspector } from './inspector.js';
import './actions.js';

function taskControlGrant(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'task_control_grant') throw new Error('internal');
  const to = k.state.names[a.to];
  const target = to === undefined ? undefined : k.state.tasks.get(to);
  if (!target || target.status.state !== 'running') k.fail('ESRCH', `${a.to} is not running`);
  grantHolder(k, ctx.pid, a.to, target.pid);
  return { ok: true };
}

function validate(scenario: Scenario): Problem[] {
  const known = new Set(scenario.tasks.map((t) => t.name));
  return scenario.actions.flatMap((a): Problem[] =>
    a.call === 'task_control_grant' && !known.has(a.to)
      ? [{ code: 'unknown-task', at: `actions[${a.index}].to`, message: `no task named "${a.to}"`, hint: `known: ${[...known].join(', ')}`, loc: a.loc }]
      : [],
  );
}

export const l4hurd: Personality = {
  system: 'l4hurd',
  title: 'L4-Hurd exec proposal (Marcus Brinkmann, 2003)',
  phases: L4HURD_PHASES,
  actions: {
    execve: execveL4Action,
    task_control_grant: taskControlGrant,
  },
  initialize: (state) => initializeL4Hurd(state),
  validate,
  evaluateExpectation: evaluateL4Expectation,
  describeEvent: (e) => describeL4Event(e),
  inspector: l4hurdInspector,
};
