/**
 * Completions for the debug console: task names and functions at the top
 * level, fields after `.`, open fds (or other keys) after `[`.
 */
import { QueryError } from './errors.js';
import { CONSTANTS, EVENT_VARIABLES, FUNCTIONS, evaluate, type QueryContext } from './evaluate.js';
import { briefOf } from './values.js';

export interface Completion {
  readonly label: string;
  /** Text inserted instead of the label, when different (`task(` for a function). */
  readonly text?: string;
  readonly type: 'variable' | 'property' | 'function' | 'value' | 'keyword';
  readonly detail?: string;
  /** Where the replaced text starts (0-based) and how long it is: the partly typed word. */
  readonly start: number;
  readonly length: number;
}

/** How many keys of a table are offered after `[`. */
const MAX_KEYS = 100;

export function complete(text: string, cursor: number, ctx: QueryContext): Completion[] {
  const prefix = text.slice(0, Math.max(0, Math.min(cursor, text.length)));
  const partial = /[A-Za-z0-9_$]*$/.exec(prefix)![0];
  const start = prefix.length - partial.length;
  const before = prefix.slice(0, start);
  const matches = (label: string) => label.toLowerCase().startsWith(partial.toLowerCase());
  const item = (c: Omit<Completion, 'start' | 'length'>): Completion => ({ ...c, start, length: partial.length });

  const trimmed = before.trimEnd();
  if (before.endsWith('.')) {
    const obj = valueBefore(before.slice(0, -1), ctx);
    if (!obj) return [];
    if (obj.kind === 'record') {
      const listed = obj.fields().map((f) => f.name);
      const names = [...listed, ...(obj.aliases ?? []).filter((a) => !listed.includes(a))];
      return names.filter(matches).map((name) => {
        const v = obj.field(name);
        return item({ label: name, type: 'property', ...(v ? { detail: briefOf(v) } : {}) });
      });
    }
    if (obj.kind === 'table') {
      return [...(obj.members ?? []), 'size'].filter(matches).map((label) => {
        const v = label === 'size' ? undefined : obj.member?.(label);
        return item({ label, type: 'property', detail: v ? briefOf(v) : String(obj.size) });
      });
    }
    return [];
  }
  if (trimmed.endsWith('[')) {
    const obj = valueBefore(trimmed.slice(0, -1), ctx);
    if (!obj || obj.kind !== 'table') return [];
    return obj
      .entries(0, MAX_KEYS)
      .filter(([k]) => matches(String(k)))
      .map(([k, v]) => item({ label: String(k), type: 'value', detail: briefOf(v) }));
  }
  const out: Completion[] = [];
  const { state } = ctx;
  for (const name of Object.keys(state.names).sort()) {
    if (state.tasks.has(state.names[name]!) && matches(name)) out.push(item({ label: name, type: 'variable', detail: `pid ${state.names[name]}` }));
  }
  for (const [name, doc] of Object.entries(FUNCTIONS)) if (matches(name)) out.push(item({ label: name, text: `${name}(`, type: 'function', detail: doc }));
  for (const [name, doc] of Object.entries(EVENT_VARIABLES)) if (partial.startsWith('$') && matches(name)) out.push(item({ label: name, type: 'variable', detail: doc }));
  for (const name of CONSTANTS) if (partial && matches(name)) out.push(item({ label: name, type: 'keyword' }));
  return out;
}

/** The value of the postfix expression that ends the text (`shell.fd` in `x == shell.fd`), if it evaluates. */
function valueBefore(text: string, ctx: QueryContext) {
  let k = text.length;
  while (k > 0) {
    const c = text[k - 1]!;
    if (/[A-Za-z0-9_$.]/.test(c)) {
      k--;
    } else if (c === ']' || c === ')') {
      const open = c === ']' ? '[' : '(';
      let depth = 0;
      let j = k - 1;
      for (; j >= 0; j--) {
        if (text[j] === c) depth++;
        else if (text[j] === open && --depth === 0) break;
      }
      if (j < 0) return undefined;
      k = j;
    } else break;
  }
  const expr = text.slice(k);
  if (!expr) return undefined;
  try {
    return evaluate(expr, ctx);
  } catch (e) {
    if (e instanceof QueryError) return undefined;
    throw e;
  }
}
