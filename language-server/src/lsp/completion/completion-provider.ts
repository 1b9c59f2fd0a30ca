/**
 * Completion: the grammar's keywords where they may follow (calls only when
 * the scenario's system has them), task, thread and label names in scope
 * (Langium's cross-references), and, for the words the grammar leaves open,
 * values from the simulator: systems from the registry, errnos (those the
 * system's phases return first), signals, phase ids from the catalogue, flags
 * of the call being written, the scenario's files, pipes and sockets, and the caller's fds.
 */
import { AstUtils, GrammarAST, type AstNode, type LangiumDocument, type MaybePromise } from 'langium';
import { DefaultCompletionProvider, type CompletionAcceptor, type CompletionContext, type NextFeature } from 'langium/lsp';
import { CompletionItemKind } from 'vscode-languageserver';
import type * as ast from '../../language/generated/ast.js';
import type { ExecsimLspServices } from '../../language/execsim-services.js';
import {
  CLONE_FLAGS,
  CLOEXEC_FLAGS,
  EXECVEAT_FLAGS,
  FCNTL_COMMANDS,
  OPEN_FLAGS,
  PRCTL_OPTIONS,
  RLIMIT_RESOURCES,
  SIGPROCMASK_HOWS,
  STATUS_FLAGS,
} from '../../language/lowering/vocabulary.js';
import { phaseCatalogue } from '../../../../sim-core/src/catalogue/index.js';
import { ERRNO_NAMES, errnoText } from '../../../../sim-core/src/model/errno.js';
import { SIGNAL_NAMES } from '../../../../sim-core/src/model/signals.js';
import { allPersonalities } from '../../../../sim-core/src/personalities/registry.js';
import type { Personality } from '../../../../sim-core/src/personalities/personality.js';
import { personalityOf } from '../simulation/system-of.js';
import { nameIndexOf } from '../names/name-index-cache.js';
import type { NameKind } from '../names/name-index.js';

/** Flag words by the call they belong to (the word after `TASK:` on the line). */
const FLAGS_BY_CALL: Readonly<Record<string, readonly string[]>> = {
  open: OPEN_FLAGS,
  openat: OPEN_FLAGS,
  execveat: EXECVEAT_FLAGS,
  clone: CLONE_FLAGS,
  dup3: CLOEXEC_FLAGS,
  pipe: CLOEXEC_FLAGS,
};

/** Other closed word lists, by property. */
const WORDS_BY_PROPERTY: Readonly<Record<string, readonly string[]>> = {
  cmd: FCNTL_COMMANDS,
  how: SIGPROCMASK_HOWS,
  resource: RLIMIT_RESOURCES,
  option: PRCTL_OPTIONS,
  signal: SIGNAL_NAMES,
  signals: SIGNAL_NAMES,
};

const PATH_PROPERTIES = new Set(['path', 'interpreter', 'target']);
const OBJECT_PROPERTIES: Readonly<Record<string, NameKind>> = { pipe: 'pipe', socket: 'socket', kqueue: 'kqueue', port: 'port' };
const FD_PROPERTIES = new Set(['fd', 'oldfd', 'newfd', 'of']);

export class ExecsimCompletionProvider extends DefaultCompletionProvider {
  constructor(services: ExecsimLspServices) {
    super(services);
  }

  protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor): MaybePromise<void> {
    const system = personalityOf(context.document);
    if (GrammarAST.isKeyword(next.feature)) {
      // A call keyword the system lacks would only earn a diagnostic.
      if (system && isCallKeyword(next.feature) && !(next.feature.value in system.actions)) return;
      return super.completionFor(context, next, acceptor);
    }
    if (GrammarAST.isCrossReference(next.feature)) return super.completionFor(context, next, acceptor);
    const assignment = AstUtils.getContainerOfType(next.feature, GrammarAST.isAssignment);
    const property = assignment?.feature ?? fragmentProperty(next.feature);
    if (!property) return;
    const type = next.type ?? typeOfAlternative(next.feature);
    for (const item of this.valuesFor(context, property, type, system)) acceptor(context, item);
  }

  private valuesFor(context: CompletionContext, property: string, type: string | undefined, system: Personality | undefined): Array<{ label: string; kind: CompletionItemKind; detail?: string; sortText?: string }> {
    if (property === 'name' && type === 'SystemDecl') {
      return allPersonalities().map((p) => ({ label: p.system, kind: CompletionItemKind.EnumMember, detail: p.title }));
    }
    if (property === 'errno') return errnos(system);
    if (property === 'phase') return phases(system);
    if (property === 'flags' || property === 'flag') {
      const call = callOnLine(context);
      const words = property === 'flag' || call === undefined ? STATUS_FLAGS : (FLAGS_BY_CALL[call] ?? []);
      return words.map((w) => ({ label: w, kind: CompletionItemKind.Constant }));
    }
    const words = WORDS_BY_PROPERTY[property];
    if (words) return words.map((w) => ({ label: w, kind: CompletionItemKind.Constant }));
    if (PATH_PROPERTIES.has(property)) return this.names(context, 'file', CompletionItemKind.File);
    const kind = OBJECT_PROPERTIES[property] ?? (property === 'name' && type ? ({ FdPipe: 'pipe', FdSocket: 'socket', FdKqueue: 'kqueue' } as Record<string, NameKind>)[type] : undefined);
    if (kind) return this.names(context, kind, CompletionItemKind.Variable);
    if (FD_PROPERTIES.has(property)) return fdsOfCaller(context);
    return [];
  }

  private names(context: CompletionContext, kind: NameKind, item: CompletionItemKind): Array<{ label: string; kind: CompletionItemKind; detail: string }> {
    const seen = new Set<string>();
    const out: Array<{ label: string; kind: CompletionItemKind; detail: string }> = [];
    for (const o of nameIndexOf(context.document).occurrences) {
      if (o.kind !== kind || seen.has(o.name)) continue;
      seen.add(o.name);
      out.push({ label: o.name, kind: item, detail: `${kind}${o.declaration ? `, line ${o.range.start.line + 1}` : ''}` });
    }
    return out;
  }
}

let calls: ReadonlySet<string> | undefined;

/** The call words the grammar spells as keywords (`name='execve'` in an Action alternative). */
function callKeywords(): ReadonlySet<string> {
  if (!calls) {
    const set = new Set<string>();
    for (const p of allPersonalities()) for (const call of Object.keys(p.actions)) set.add(call);
    calls = set;
  }
  return calls;
}

function isCallKeyword(keyword: GrammarAST.Keyword): boolean {
  const assignment = AstUtils.getContainerOfType(keyword, GrammarAST.isAssignment);
  return assignment?.feature === 'name' && callKeywords().has(keyword.value) && AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule)?.name === 'Action';
}

/** A fragment's list (`flags+=ID` in Flags, `signals+=ID` in Signals) has its assignment inside the fragment. */
function fragmentProperty(feature: GrammarAST.AbstractElement): string | undefined {
  return AstUtils.getContainerOfType(feature, GrammarAST.isAssignment)?.feature;
}

/** The type an inline alternative infers (`{infer Open} name='open' …`). */
function typeOfAlternative(feature: GrammarAST.AbstractElement): string | undefined {
  for (let e: AstNode | undefined = feature; e; e = e.$container) {
    if (GrammarAST.isGroup(e)) {
      const first = e.elements[0];
      if (first && GrammarAST.isAction(first)) return first.inferredType?.name ?? (first.type as { ref?: { name: string } } | undefined)?.ref?.name;
    }
    if (GrammarAST.isParserRule(e)) return e.name;
  }
  return undefined;
}

function lineBefore(context: CompletionContext): string {
  const text = context.textDocument.getText();
  const start = text.lastIndexOf('\n', context.offset - 1) + 1;
  return text.slice(start, context.offset);
}

function callOnLine(context: CompletionContext): string | undefined {
  return /^\s*(?:@[\w-]+\s+)?[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)?\s*:\s*([A-Za-z_][\w-]*)/.exec(lineBefore(context))?.[1];
}

function errnos(system: Personality | undefined): Array<{ label: string; kind: CompletionItemKind; detail: string; sortText: string }> {
  const own = new Set(system ? system.phases.flatMap((p) => p.errors.map((e) => e.errno)) : []);
  return ERRNO_NAMES.map((e) => ({ label: e, kind: CompletionItemKind.Constant, detail: errnoText(e), sortText: `${own.has(e) ? 0 : 1}${e}` }));
}

function phases(system: Personality | undefined): Array<{ label: string; kind: CompletionItemKind; detail: string; sortText: string }> {
  return phaseCatalogue()
    .filter((p) => !system || p.system === system.system)
    .map((p) => ({ label: p.id, kind: CompletionItemKind.Event, detail: p.title, sortText: `${p.system}.${String(p.order).padStart(4, '0')}` }));
}

/** The fds the task issuing the action was declared with (`fd N = …` in its block). */
function fdsOfCaller(context: CompletionContext): Array<{ label: string; kind: CompletionItemKind; detail: string }> {
  const task = /^\s*(?:@[\w-]+\s+)?([A-Za-z_][\w-]*)/.exec(lineBefore(context))?.[1];
  const root = (context.document as LangiumDocument<ast.Scenario>).parseResult.value;
  const decl = root.statements.find((s): s is ast.Task => s.$type === 'Task' && s.name === task);
  if (!decl) return [];
  return decl.entries
    .filter((e): e is ast.FdEntry => e.$type === 'FdEntry')
    .map((e) => ({ label: String(e.fd), kind: CompletionItemKind.Value, detail: e.target?.$cstNode?.text ?? '' }));
}
