/**
 * Renders a frame's scopes and variables as indented text, the way
 * vscode-js-debug's tests do, for golden files: one line per variable with
 * its value, type, expression and whether it can be edited.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Probe } from './clients.js';

export interface TreeOptions {
  /** Levels below a scope to expand. */
  readonly depth?: number;
  /** Entries of a table to show. */
  readonly page?: number;
  /** Scopes to leave out. */
  readonly skip?: readonly string[];
}

function describe(v: DebugProtocol.Variable): string {
  const facts = [`type=${v.type ?? '?'}`];
  if (v.indexedVariables !== undefined) facts.push(`indexed=${v.indexedVariables}`);
  if (v.namedVariables !== undefined) facts.push(`named=${v.namedVariables}`);
  if (v.evaluateName) facts.push(`eval=${v.evaluateName}`);
  if (!v.presentationHint?.attributes?.includes('readOnly')) facts.push('editable');
  return `${v.variablesReference ? '> ' : '  '}${v.name}: ${v.value}  // ${facts.join(' ')}`;
}

export async function renderScopes(p: Probe, frameId: number, options: TreeOptions = {}): Promise<string> {
  const depth = options.depth ?? 2;
  const page = options.page ?? 20;
  const lines: string[] = [];
  const walk = async (ref: number, indexed: number | undefined, indent: string, level: number) => {
    const args: DebugProtocol.VariablesArguments = indexed !== undefined ? { variablesReference: ref, filter: 'indexed', start: 0, count: Math.min(page, indexed) } : { variablesReference: ref };
    const vars = (await p.dc.variablesRequest(args)).body.variables;
    for (const v of vars) {
      lines.push(`${indent}${describe(v)}`);
      if (v.variablesReference && level < depth) await walk(v.variablesReference, v.indexedVariables, indent + '    ', level + 1);
    }
    if (indexed !== undefined && indexed > page) lines.push(`${indent}  … ${indexed - page} more`);
  };
  for (const s of await p.scopes(frameId)) {
    if (options.skip?.includes(s.name)) continue;
    const facts = [s.indexedVariables !== undefined ? `indexed=${s.indexedVariables}` : `named=${s.namedVariables ?? 0}`, ...(s.presentationHint ? [`hint=${s.presentationHint}`] : []), ...(s.expensive ? ['expensive'] : [])];
    lines.push(`Scope ${s.name}  // ${facts.join(' ')}`);
    if (s.variablesReference) await walk(s.variablesReference, s.indexedVariables, '    ', 1);
  }
  return lines.join('\n') + '\n';
}

/** The call stack as text: one frame per line with its source and line. */
export function renderStack(frames: readonly DebugProtocol.StackFrame[]): string {
  return frames
    .map((f) => `${f.name}  @ ${f.source ? `${f.source.sourceReference ? `<${f.source.name}>` : f.source.name}:${f.line}` : '(no source)'}${f.presentationHint ? ` [${f.presentationHint}]` : ''}`)
    .join('\n') + '\n';
}
