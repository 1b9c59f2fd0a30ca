/** Reports string literals with an escape the language does not have (\q, \x4, \u{110000}). */
import { CstUtils, isLeafCstNode } from 'langium';
import type * as ast from '../generated/ast.js';
import { decodeString } from '../parser/strings.js';
import type { LoweringContext } from './context.js';

export function checkEscapes(root: ast.Scenario, cx: LoweringContext): void {
  if (!root.$cstNode) return;
  for (const node of CstUtils.streamCst(root.$cstNode)) {
    if (!isLeafCstNode(node) || node.tokenType.name !== 'STRING') continue;
    const bad = decodeString(node.text).badEscape;
    if (!bad) continue;
    const start = node.range.start;
    // String literals never span lines, so the escape is on the literal's line.
    cx.report('error', 'bad-escape', `unknown escape ${bad.text} in a string`, 'escapes are \\\\ \\" \\n \\t \\r \\0 \\xHH and \\u{H…}', {
      start: { line: start.line, character: start.character + bad.offset },
      end: { line: start.line, character: start.character + bad.offset + bad.text.length },
    });
  }
}
