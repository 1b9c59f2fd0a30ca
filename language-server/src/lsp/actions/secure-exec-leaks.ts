/**
 * A warning the editor adds to the language's checks: an fd without
 * close-on-exec that a task still holds when it execs a set-user-ID or
 * set-group-ID program. The privileged program inherits it (Linux fs/exec.c:
 * begin_new_exec closes only close-on-exec slots, via fs/file.c:
 * do_close_on_exec), the classic descriptor leak into a secure exec. fds 0-2
 * are the program's standard streams and are expected to stay.
 *
 * The check reads the text only (declared fds, the exec's path, the file's
 * mode), so it also works while other parts of the scenario have errors.
 */
import { GrammarUtils, type AstNode, type ValidationAcceptor } from 'langium';
import type * as ast from '../../language/generated/ast.js';

export const FD_LEAK_CODE = 'fd-leaks-into-secure-exec';

/** Calls that replace the program with the one at `path`. */
const EXEC_CALLS = new Set(['execve', 'execveat']);
const SET_ID_BITS = 0o6000;

export function checkSecureExecLeaks(root: AstNode, accept: ValidationAcceptor): void {
  const scenario = root as ast.Scenario;
  const modes = new Map<string, number>();
  for (const s of scenario.statements) {
    if (s.$type !== 'Filesystem') continue;
    for (const e of s.entries) {
      if (e.$type !== 'FileNode') continue;
      const mode = e.attrs.find((a): a is ast.ModeAttr => a.$type === 'ModeAttr');
      // Modes are written in octal; the token's text is what the user wrote.
      const text = mode?.$cstNode && GrammarUtils.findNodeForProperty(mode.$cstNode, 'mode')?.text;
      if (text) modes.set(e.path, parseInt(text, 8));
    }
  }
  const warned = new Set<ast.FdEntry>();
  for (const s of scenario.statements) {
    const action = s as AstNode & { name?: string; path?: string; task?: { $refText: string } };
    if (!action.name || !EXEC_CALLS.has(action.name) || typeof action.path !== 'string') continue;
    const mode = modes.get(action.path);
    if (mode === undefined || (mode & SET_ID_BITS) === 0) continue;
    const task = scenario.statements.find((t): t is ast.Task => t.$type === 'Task' && t.name === action.task?.$refText);
    if (!task) continue;
    for (const fd of task.entries) {
      if (fd.$type !== 'FdEntry' || fd.fd < 3 || warned.has(fd) || fd.attrs.some((a) => a.$type === 'CloexecAttr')) continue;
      if (closedBefore(scenario, task.name, fd.fd, s)) continue;
      warned.add(fd);
      const line = (s.$cstNode?.range.start.line ?? 0) + 1;
      accept('warning', `fd ${fd.fd} stays open across the set-ID exec of ${action.path} on line ${line}: the privileged program inherits it`, {
        node: fd,
        property: 'fd',
        code: FD_LEAK_CODE,
        data: { hint: 'mark it cloexec (or close it before the exec)' },
      });
    }
  }
}

/** Whether the task closes or re-flags the fd before the exec (close N, fcntl N F_SETFD). */
function closedBefore(scenario: ast.Scenario, task: string, fd: number, exec: AstNode): boolean {
  for (const s of scenario.statements) {
    if (s === exec) return false;
    const a = s as AstNode & { name?: string; fd?: number; task?: { $refText: string } };
    if (a.task?.$refText === task && a.fd === fd && (a.name === 'close' || a.name === 'fcntl')) return true;
  }
  return false;
}
