/**
 * One statement per line: a line breakpoint must name exactly one statement.
 * The grammar ends statements at newlines; this check reports two statements
 * (or two block entries) that share a line, and block braces that share a
 * line with an entry.
 */
import { GrammarUtils, type AstNode } from 'langium';
import * as ast from '../generated/ast.js';
import type { LoweringContext } from './context.js';

export function checkOneStatementPerLine(root: ast.Scenario, cx: LoweringContext): void {
  checkSequence(root.statements, -1, 'statement', cx);
  for (const s of root.statements) {
    if (ast.isMachine(s) || ast.isFilesystem(s) || ast.isTask(s)) {
      const open = s.$cstNode && GrammarUtils.findNodeForKeyword(s.$cstNode, '{');
      const close = s.$cstNode && GrammarUtils.findNodeForKeyword(s.$cstNode, '}');
      if (!open) continue;
      const entries: readonly AstNode[] = s.entries;
      checkSequence(entries, open.range.end.line, 'entry', cx);
      const last = entries[entries.length - 1]?.$cstNode;
      if (close && last && close.range.start.line === last.range.end.line) {
        cx.report('error', 'one-statement-per-line', '} shares its line with an entry', 'put } on a line of its own', close.range);
      }
    }
  }
}

function checkSequence(items: readonly AstNode[], previousEnd: number, what: string, cx: LoweringContext): void {
  let prev = previousEnd;
  for (const item of items) {
    const range = item.$cstNode?.range;
    if (!range) continue;
    if (range.start.line === prev) {
      cx.report('error', 'one-statement-per-line', `one ${what} per line: this ${what} starts on the line of the one before`, 'start a new line before it', range);
    }
    prev = range.end.line;
  }
}
