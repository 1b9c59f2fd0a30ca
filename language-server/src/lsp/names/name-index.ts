/**
 * Every name a scenario declares and uses, by kind: tasks, threads, action
 * labels, files (paths), and the names of pipes, sockets, kqueues and ports.
 * Definition, references, highlight, rename and workspace symbols all read
 * this one index, built from the AST by property: a statement another grammar
 * file adds (a Hurd or CloudABI section) is covered as soon as its properties
 * use the same names (`path`, `pipe`, `port`, …).
 */
import { AstUtils, GrammarUtils, isReference, type AstNode, type LangiumDocument, type Reference } from 'langium';
import type { Range } from 'vscode-languageserver-types';
import type * as ast from '../../language/generated/ast.js';

export type NameKind = 'task' | 'thread' | 'label' | 'file' | 'pipe' | 'socket' | 'kqueue' | 'port';

export interface NameOccurrence {
  readonly kind: NameKind;
  /** The name as the simulator sees it (a path without its quotes). */
  readonly name: string;
  /** The range of the word in the text (quotes included when it is quoted). */
  readonly range: Range;
  /** Where the name is introduced: `task NAME`, `fork NAME`, `@label`, `file PATH`, `pipe NAME`. */
  readonly declaration: boolean;
  /** Whether the word was written as a string ("…"): a rename must keep it a valid token. */
  readonly quoted: boolean;
  readonly node: AstNode;
  readonly property: string;
}

/** Declarations: (node type, property) → kind. */
const DECLARATIONS: Readonly<Record<string, readonly [string, NameKind]>> = {
  Task: ['name', 'task'],
  NewTask: ['name', 'task'],
  ThreadDecl: ['name', 'thread'],
  NewThread: ['name', 'thread'],
  ActionLabel: ['name', 'label'],
  Pipe: ['pipe', 'pipe'],
};

/** Nodes of the filesystem whose `path` declares a file. */
const FILE_DECLARATIONS = new Set(['FileNode', 'DirNode', 'DeviceNode', 'FifoNode', 'SocketNode', 'SymlinkNode']);

/** Properties that hold a path anywhere else (uses of a file). */
const PATH_PROPERTIES = ['path', 'target', 'interpreter', 'exe', 'cwd', 'root'];

/** Properties naming a pipe, socket, kqueue or port, by the node types that use a bare `name` for it. */
const NAMED_OBJECT_PROPERTIES: Readonly<Record<string, NameKind>> = { pipe: 'pipe', socket: 'socket', kqueue: 'kqueue', port: 'port' };
const NAME_AS_OBJECT: Readonly<Record<string, NameKind>> = { FdPipe: 'pipe', FdSocket: 'socket', FdKqueue: 'kqueue' };

/** Cross-references: the property's kind. */
const REFERENCE_KINDS: Readonly<Record<string, NameKind>> = { task: 'task', target: 'task', thread: 'thread', label: 'label' };

export class NameIndex {
  readonly occurrences: readonly NameOccurrence[];

  constructor(readonly document: LangiumDocument<ast.Scenario>) {
    this.occurrences = collect(document.parseResult.value);
  }

  /** The occurrence whose word holds the offset's position (a cursor at either end counts). */
  at(line: number, character: number): NameOccurrence | undefined {
    return this.occurrences.find(
      (o) =>
        (o.range.start.line < line || (o.range.start.line === line && o.range.start.character <= character)) &&
        (o.range.end.line > line || (o.range.end.line === line && o.range.end.character >= character)),
    );
  }

  /** Every occurrence of the same name and kind, declarations first. */
  same(o: Pick<NameOccurrence, 'kind' | 'name'>): NameOccurrence[] {
    const all = this.occurrences.filter((x) => x.kind === o.kind && x.name === o.name);
    return [...all.filter((x) => x.declaration), ...all.filter((x) => !x.declaration)];
  }

  declarations(): NameOccurrence[] {
    return this.occurrences.filter((o) => o.declaration);
  }
}

function collect(root: ast.Scenario): NameOccurrence[] {
  const out: NameOccurrence[] = [];
  for (const node of AstUtils.streamAst(root)) {
    const record = node as unknown as Record<string, unknown>;
    const decl = DECLARATIONS[node.$type];
    if (decl) add(out, node, decl[0], decl[1], true);
    if (FILE_DECLARATIONS.has(node.$type)) add(out, node, 'path', 'file', true);
    else for (const p of PATH_PROPERTIES) if (isPathText(record[p], node, p)) add(out, node, p, 'file', false);
    const asObject = NAME_AS_OBJECT[node.$type];
    if (asObject) add(out, node, 'name', asObject, false);
    for (const [p, kind] of Object.entries(NAMED_OBJECT_PROPERTIES)) {
      if (typeof record[p] === 'string' && !(decl && decl[0] === p)) add(out, node, p, kind, false);
    }
    for (const [p, kind] of Object.entries(REFERENCE_KINDS)) {
      const ref = record[p];
      if (isReference(ref)) addReference(out, node, p, ref, kind);
    }
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** A path value, not some other word in a property named like one (a symlink's target may be a bare name). */
function isPathText(value: unknown, node: AstNode, property: string): value is string {
  if (typeof value !== 'string' || value.length === 0) return false;
  if (property === 'target' && node.$type !== 'SymlinkNode') return false;
  const text = value;
  return text.startsWith('/') || text.startsWith('./') || text.startsWith('../');
}

function add(out: NameOccurrence[], node: AstNode, property: string, kind: NameKind, declaration: boolean): void {
  const value = (node as unknown as Record<string, unknown>)[property];
  if (typeof value !== 'string' || value.length === 0 || !node.$cstNode) return;
  const cst = GrammarUtils.findNodeForProperty(node.$cstNode, property);
  if (!cst) return;
  const quoted = cst.text.startsWith('"');
  out.push({ kind, name: kind === 'thread' ? `${ownerOf(node)}.${value}` : value, range: cst.range, declaration, quoted, node, property });
}

function addReference(out: NameOccurrence[], node: AstNode, property: string, ref: Reference, kind: NameKind): void {
  const cst = ref.$refNode;
  if (!cst || !ref.$refText) return;
  const name = kind === 'thread' ? `${(node as unknown as { task?: Reference }).task?.$refText ?? ''}.${ref.$refText}` : ref.$refText;
  out.push({ kind, name, range: cst.range, declaration: false, quoted: false, node, property });
}

/** The task a thread belongs to: the task block it is declared in, or the task that creates it. */
function ownerOf(node: AstNode): string {
  const container = node.$container as unknown as { $type: string; name?: string; task?: Reference } | undefined;
  if (container?.$type === 'Task') return container.name ?? '';
  return container?.task?.$refText ?? '';
}
