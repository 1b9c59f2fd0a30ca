/**
 * Who a statement is about: `task`, `task.main` or `task.thread` (the Subject
 * fragment of the grammar, written into actions, task expectations and
 * `TASK CALL` references).
 */
import * as ast from '../generated/ast.js';

/** Who issues a statement: the task node, and the thread (`main`, a name, or the leader when absent). */
export interface Issuer {
  readonly task: ast.TaskLike;
  readonly thread?: ast.ThreadLike | 'main';
}

/** A node with the Subject fragment's properties. */
export type Subject = ast.Action | ast.TaskExpectation | ast.CallRef;

export function isSubject(node: unknown): node is Subject {
  return ast.isAction(node) || ast.isTaskExpectation(node) || ast.isCallRef(node);
}

export function issuerOf(subject: Subject | undefined): Issuer | undefined {
  const task = subject?.task?.ref;
  if (!task || task.name === undefined) return undefined;
  if (subject!.main) return { task, thread: 'main' };
  if (subject!.thread) {
    const thread = subject!.thread.ref;
    return thread && thread.name !== undefined ? { task, thread } : undefined;
  }
  return { task };
}

export function threadName(issuer: Issuer): string | undefined {
  return issuer.thread === undefined ? undefined : issuer.thread === 'main' ? 'main' : issuer.thread.name;
}

