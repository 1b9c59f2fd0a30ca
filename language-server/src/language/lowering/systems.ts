/**
 * The generic check behind per-system statements: a statement that only other
 * systems' sections own is reported with the systems that have it, and not
 * lowered. (Calls are checked by sim-core against the personality registry.)
 */
import { CstUtils, GrammarUtils, type AstNode } from 'langium';
import type { Range } from 'vscode-languageserver-types';
import { isSubject } from '../references/subject.js';
import { systemsHaving } from '../sections/index.js';
import { rangeOf, type LoweringContext } from './context.js';

/** Reports a statement the scenario's system does not have; true if it may be lowered. */
export function acceptedOnSystem(node: AstNode, cx: LoweringContext): boolean {
  const owners = systemsHaving(node);
  if (!owners || cx.system === undefined || owners.systems.includes(cx.system)) return true;
  cx.report('error', 'wrong-system', `${owners.word} is not available on ${cx.system}`, `${owners.word} exists on ${owners.systems.join(', ')}`, afterSubject(node));
  return false;
}

/** The range of a statement without its `TASK[.THREAD]` part (which is not what is system-specific). */
export function afterSubject(node: AstNode): Range {
  const whole = rangeOf(node);
  if (!isSubject(node) || !node.$cstNode) return whole;
  const subject = GrammarUtils.findNodeForProperty(node.$cstNode, node.thread ? 'thread' : node.main ? 'main' : 'task');
  if (!subject) return whole;
  const first = CstUtils.flattenCst(node.$cstNode).find((l) => !l.hidden && l.offset >= subject.end);
  return first ? { start: first.range.start, end: whole.end } : whole;
}
