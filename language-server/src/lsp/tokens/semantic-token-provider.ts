/**
 * Semantic tokens: what each word of a statement is, read from the grammar
 * assignment it fills (so statements another grammar file adds are coloured
 * as soon as they use the same property names). Keywords and comments are left
 * to the TextMate grammar; the server colours what only the parse knows.
 */
import { CstUtils, GrammarAST, GrammarUtils, isLeafCstNode, type AstNode, type CstNode } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import * as ast from '../../language/generated/ast.js';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';

/** Node types whose `name` introduces something, and what. */
const NAME_TYPES: Readonly<Record<string, string>> = {
  SystemDecl: SemanticTokenTypes.namespace,
  Task: SemanticTokenTypes.class,
  NewTask: SemanticTokenTypes.class,
  ThreadDecl: SemanticTokenTypes.property,
  NewThread: SemanticTokenTypes.property,
  ActionLabel: SemanticTokenTypes.decorator,
  FdPipe: SemanticTokenTypes.variable,
  FdSocket: SemanticTokenTypes.variable,
  FdKqueue: SemanticTokenTypes.variable,
};

/** Other properties, by name. */
const PROPERTY_TYPES: Readonly<Record<string, string>> = {
  task: SemanticTokenTypes.class,
  target: SemanticTokenTypes.class,
  thread: SemanticTokenTypes.property,
  label: SemanticTokenTypes.decorator,
  path: SemanticTokenTypes.string,
  interpreter: SemanticTokenTypes.string,
  errno: SemanticTokenTypes.enumMember,
  signal: SemanticTokenTypes.enumMember,
  signals: SemanticTokenTypes.enumMember,
  flags: SemanticTokenTypes.enumMember,
  flag: SemanticTokenTypes.enumMember,
  cmd: SemanticTokenTypes.enumMember,
  how: SemanticTokenTypes.enumMember,
  resource: SemanticTokenTypes.enumMember,
  option: SemanticTokenTypes.enumMember,
  phase: SemanticTokenTypes.event,
  pipe: SemanticTokenTypes.variable,
  socket: SemanticTokenTypes.variable,
  kqueue: SemanticTokenTypes.variable,
  port: SemanticTokenTypes.variable,
  variable: SemanticTokenTypes.variable,
};

const DECLARING = new Set(['Task', 'NewTask', 'ThreadDecl', 'NewThread', 'ActionLabel']);

export class ExecsimSemanticTokenProvider extends AbstractSemanticTokenProvider {
  protected override highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
    const cst = node.$cstNode;
    if (!cst) return;
    const done = new Set<CstNode>();
    for (const leaf of CstUtils.streamCst(cst)) {
      if (!isLeafCstNode(leaf) || leaf.hidden || leaf.astNode !== node) continue;
      // A word the grammar builds from several tokens (a phase id, a kernel version) is one token.
      const word = datatypeOwner(leaf, cst);
      if (done.has(word)) continue;
      done.add(word);
      const feature = GrammarUtils.findAssignment(leaf)?.feature;
      let type: string | undefined;
      if (feature === 'name') type = NAME_TYPES[node.$type] ?? (isCall(node) ? SemanticTokenTypes.function : undefined);
      else if (feature) type = PROPERTY_TYPES[feature];
      if (!type && /^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(word.text)) type = SemanticTokenTypes.number;
      if (!type) continue;
      const declaration = feature === 'name' && DECLARING.has(node.$type);
      acceptor({ cst: word, type, ...(declaration ? { modifier: SemanticTokenModifiers.declaration } : {}) });
    }
  }
}

/** An action: a statement with a subject and a call word. */
function isCall(node: AstNode): boolean {
  return ast.isAction(node);
}

/** The composite node of a datatype rule (PhaseId returns string) a leaf belongs to, or the leaf itself. */
function datatypeOwner(leaf: CstNode, statement: CstNode): CstNode {
  const owner = leaf.container;
  if (!owner || owner === statement || owner.astNode !== leaf.astNode) return leaf;
  const source = owner.grammarSource;
  return GrammarAST.isRuleCall(source) && GrammarAST.isParserRule(source.rule.ref) && source.rule.ref.dataType !== undefined ? owner : leaf;
}
