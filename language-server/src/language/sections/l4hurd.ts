/**
 * The L4-Hurd section (l4hurd.langium), after the exec proposal (SEEDS 003,
 * Marcus Brinkmann, 2003): task_control_grant, and the checks of who holds a
 * task object, which handles a task has in servers, what the exec server keeps
 * and whom it called, and the stack area exec wrote for a new program.
 */
import type { AstNode } from 'langium';
import * as ast from '../generated/ast.js';
import type { ActionSpec, ExpectationSpec } from '../../../../sim-core/src/scenario/scenario.js';
import type { ActionCall } from '../../../../sim-core/src/scenario/actions.js';
import type { ExpectationBody } from '../../../../sim-core/src/scenario/expectations.js';
import type { LoweringContext } from '../lowering/context.js';
import { oneOf } from '../lowering/words.js';
import type { L4StackField } from '../../../../sim-core/src/personalities/l4hurd/expectations.js';
import { lowerString, lowerStringList } from '../lowering/strings.js';
import { printName, printString, printStringList, printWord } from '../printer/tokens.js';
import type { LanguageSection, TaskCheckBody } from './section.js';

/** The fields of the stack area exec writes (personalities/l4hurd/expectations.ts: L4StackField). */
export const STACK_FIELDS = ['secure', 'argv', 'fds', 'dealloc', 'auth', 'entry'] as const satisfies readonly L4StackField[];

export const l4hurdSection: LanguageSection = {
  system: 'l4hurd',
  owns: {
    HoldersCheck: () => 'holders',
    HandlesCheck: () => 'handles',
    StackCheck: () => 'stack',
    ExecServerListCheck: (n) => `exec_server ${(n as ast.ExecServerListCheck).list}`,
  },

  lowerTaskCheck(node: AstNode, cx: LoweringContext): TaskCheckBody | undefined {
    if (ast.isHoldersCheck(node)) return { what: 'l4hurd-holders', holders: [...node.holders] };
    if (ast.isHandlesCheck(node)) {
      const handles = lowerStringList(node.handles, cx);
      return handles ? { what: 'l4hurd-handles', handles } : undefined;
    }
    if (ast.isStackCheck(node)) {
      const field = oneOf(node.field, STACK_FIELDS, 'stack field', cx, node, 'field');
      const value = lowerString(node.value, cx);
      return field === undefined || value === undefined ? undefined : { what: 'l4hurd-stack', field, value };
    }
    return undefined;
  },

  lowerSystemCheck(node: AstNode, cx: LoweringContext): ExpectationBody | undefined {
    if (!ast.isExecServerListCheck(node)) return undefined;
    const list = oneOf(node.list, ['holds', 'calls'] as const, 'exec server list', cx, node, 'list');
    if (!list) return undefined;
    const items = lowerStringList(node.items, cx);
    if (!items) return undefined;
    return list === 'holds' ? { what: 'l4hurd-exec-holds', holds: items } : { what: 'l4hurd-exec-calls', calls: items };
  },

  lowerCall(node: AstNode): ActionCall | undefined {
    if (!ast.isTaskControlGrant(node)) return undefined;
    const to = node.to?.ref?.name;
    return to === undefined ? undefined : { call: 'task_control_grant', to };
  },

  printTaskCheck(body: TaskCheckBody): string | undefined {
    switch (body.what) {
      case 'l4hurd-holders':
        return `holders [${body.holders.map(printWord).join(', ')}]`;
      case 'l4hurd-handles':
        return `handles ${printStringList(body.handles)}`;
      case 'l4hurd-stack':
        return `stack ${body.field} ${printString(body.value)}`;
      default:
        return undefined;
    }
  },

  printCall(action: ActionSpec): string | undefined {
    return action.call === 'task_control_grant' ? `task_control_grant ${printName(action.to)}` : undefined;
  },

  printExpectation(e: ExpectationSpec): string | undefined {
    const body = e as ExpectationSpec & ExpectationBody;
    if (body.what === 'l4hurd-exec-holds') return `expect exec_server holds ${printStringList(body.holds)}`;
    if (body.what === 'l4hurd-exec-calls') return `expect exec_server calls ${printStringList(body.calls)}`;
    return undefined;
  },
};
