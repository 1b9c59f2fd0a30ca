/**
 * Actions and expectations in file order. An expectation follows the last
 * action written before it; it may name that action by label, as `TASK CALL`
 * (the latest such call by that task) or by number.
 */
import type { AstNode } from 'langium';
import * as ast from '../generated/ast.js';
import type { ActionSpec, ExpectationSpec } from '../../../../sim-core/src/scenario/scenario.js';
import type { ExpectationBody } from '../../../../sim-core/src/scenario/expectations.js';
import { locOf, rangeOf, type LoweringContext, type Source } from './context.js';
import { lowerAction } from './actions.js';
import { callOf, checkOf, childOf } from '../node-types.js';
import { issuerOf, threadName, type Issuer, type Subject } from '../references/subject.js';
import { lowerOutcome, lowerTaskCheck } from './expectations.js';

interface Written {
  readonly index: number;
  readonly node: ast.Action;
  readonly issuer: Issuer;
}

export function lowerSteps(steps: readonly (ast.Action | ast.Expectation)[], cx: LoweringContext): { actions: ActionSpec[]; expectations: ExpectationSpec[] } {
  const actions: ActionSpec[] = [];
  const expectations: ExpectationSpec[] = [];
  /** Lowered actions by issuing task and call word, in order, for `TASK CALL` references. */
  const byCall = new Map<ast.TaskLike, Map<string, Written[]>>();
  const indexOf = new Map<ast.Action, number>();
  /** Tasks and threads created by an action: the node that names them → the creating action. */
  const created = new Map<AstNode, Written>();
  const labels = new Map<string, ast.ActionLabel>();

  // Actions first, so that an expectation can name a later action (and be told it is later).
  for (const step of steps) {
    if (!ast.isAction(step)) continue;
    const label = step.label;
    if (label?.name !== undefined) {
      const first = labels.get(label.name);
      if (first) cx.error('duplicate-label', `label ${label.name} is used twice`, `the first is on line ${rangeOf(first).start.line + 1}`, label, 'name');
      else labels.set(label.name, label);
    }
    const spec = lowerAction(step, actions.length, cx);
    if (!spec) continue;
    const w: Written = { index: spec.index, node: step, issuer: issuerOf(step)! };
    actions.push(spec);
    const call = callOf(step);
    const word = call.name;
    if (word !== undefined) {
      let calls = byCall.get(w.issuer.task);
      if (!calls) byCall.set(w.issuer.task, (calls = new Map()));
      const list = calls.get(word) ?? [];
      list.push(w);
      calls.set(word, list);
    }
    indexOf.set(step, spec.index);
    const child = childOf(step);
    if (child) created.set(child, w);
    if (call.$type === 'PthreadCreate' && call.newThread) created.set(call.newThread, w);
  }

  // An expectation follows the last action written before it (-1: the initial state).
  let after = -1;
  for (const step of steps) {
    if (ast.isAction(step)) {
      after = indexOf.get(step) ?? after;
      continue;
    }
    const check = step;
    const index = expectations.length;
    let body: ExpectationBody | undefined;
    if (check.$type === 'OutcomeExpectation') {
      const action = resolveActionRef(check.action, byCall, indexOf, after, cx);
      if (action === undefined || !check.outcome) continue;
      body = lowerOutcome(check.outcome as ast.Outcome, action, cx);
      cx.mapStep('expectations', index, check, outcomeFields);
    } else {
      const issuer = issuerOf(check);
      if (!issuer) continue;
      if (!existsAt(issuer, after, created, check, cx)) continue;
      const what = lowerTaskCheck(checkOf(check), cx);
      if (!what) continue;
      const thread = threadName(issuer);
      body = { what: what.what, task: issuer.task.name, ...(thread !== undefined ? { thread } : {}), ...(what as object) } as ExpectationBody;
      cx.mapStep('expectations', index, check, taskExpectationFields);
    }
    if (!body) continue;
    expectations.push({ index, after, ...body, loc: locOf(rangeOf(step)) } as ExpectationSpec);
  }
  return { actions, expectations };
}

function taskExpectationFields(node: ast.TaskExpectation, field: string): Source | undefined {
  if (field === 'task') return [node, 'task'];
  if (field === 'thread') return [node, node.main ? 'main' : 'thread'];
  if (field === 'fd') return [node, 'fd'];
  return field === 'after' ? [node] : undefined;
}

function outcomeFields(node: ast.OutcomeExpectation, field: string): Source | undefined {
  return field === 'action' ? [node, 'action'] : field === 'after' ? [node] : undefined;
}

/** An expectation about a task or thread that an action creates must come after that action. */
function existsAt(issuer: Issuer, after: number, created: ReadonlyMap<AstNode, Written>, subject: Subject, cx: LoweringContext): boolean {
  const check = (node: AstNode, name: string, property: string): boolean => {
    if (!(node.$type === 'NewTask') && !(node.$type === 'NewThread')) return true;
    const by = created.get(node);
    if (!by) return false; // its creating action could not be lowered; that is reported there
    if (by.index <= after) return true;
    const line = rangeOf(by.node).start.line + 1;
    cx.error('not-yet', `${name} does not exist yet here: it is created on line ${line}`, `move this expectation below line ${line}`, subject, property);
    return false;
  };
  if (!check(issuer.task, issuer.task.name, 'task')) return false;
  if (issuer.thread && issuer.thread !== 'main') return check(issuer.thread, `thread ${issuer.thread.name}`, 'thread');
  return true;
}

function resolveActionRef(
  ref: ast.ActionRef | undefined,
  byCall: ReadonlyMap<ast.TaskLike, ReadonlyMap<string, readonly Written[]>>,
  indexOf: ReadonlyMap<ast.Action, number>,
  after: number,
  cx: LoweringContext,
): number | undefined {
  if (!ref) return undefined;
  if (ref.$type === 'LabelRef') {
    const label = ref.label?.ref;
    if (!label) return undefined;
    const action = label.$container as ast.Action;
    return indexOf.get(action);
  }
  if (ref.$type === 'NumberRef') {
    if (ref.number === undefined) return undefined;
    const count = countActions(ref);
    if (ref.number < 1 || ref.number > count) {
      cx.error('bad-reference', `there is no action ${ref.number}: the scenario has ${count} action${count === 1 ? '' : 's'}`, 'actions are numbered from 1 in file order', ref, 'number');
      return undefined;
    }
    return ref.number - 1;
  }
  if (ref.$type === 'CallRef') {
    const issuer = issuerOf(ref);
    if (!issuer || ref.call === undefined) return undefined;
    const thread = threadName(issuer);
    const calls = byCall.get(issuer.task)?.get(ref.call) ?? [];
    // The latest such call at or before `after` (binary search), of the named thread if one is named.
    let lo = 0;
    let hi = calls.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (calls[mid]!.index <= after) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0; i--) {
      const w = calls[i]!;
      if (thread !== undefined && threadName(w.issuer) !== thread) continue;
      return w.index;
    }
    const who = thread !== undefined ? `${issuer.task.name}.${thread}` : issuer.task.name;
    cx.error('bad-reference', `${who} makes no ${ref.call} call before this expectation`, `an expectation checks an action written above it; label the action (@name) to refer to it`, ref);
    return undefined;
  }
  return undefined;
}

function countActions(node: AstNode): number {
  let root: AstNode = node;
  while (root.$container) root = root.$container;
  return (root as ast.Scenario).statements.filter(ast.isAction).length;
}
