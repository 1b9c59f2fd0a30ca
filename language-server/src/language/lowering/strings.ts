/**
 * String and list expressions: `"x" * 131072` and `["sh"] + ["x"] * 300000`
 * expand here, with limits so that a typo cannot ask for gigabytes.
 */
import type * as ast from '../generated/ast.js';
import type { LoweringContext } from './context.js';

/** Longest string an expression may expand to (64 MiB of characters). */
export const MAX_STRING_LENGTH = 64 * 1024 * 1024;
/** Most strings a list may expand to. */
export const MAX_LIST_LENGTH = 16 * 1024 * 1024;

export function lowerString(expr: ast.StringExpr | undefined, cx: LoweringContext): string | undefined {
  if (!expr) return undefined;
  let out = '';
  for (const part of [expr as ast.StringExpr | ast.StringPart, ...expr.rest]) {
    if (part.value === undefined) return undefined;
    const count = part.count ?? 1;
    if (out.length + part.value.length * count > MAX_STRING_LENGTH) {
      cx.error('too-large', `this string would be ${(out.length + part.value.length * count).toLocaleString('en-US')} characters long`, `the limit is ${MAX_STRING_LENGTH.toLocaleString('en-US')}`, part, 'count');
      return undefined;
    }
    out += count === 1 ? part.value : part.value.repeat(count);
  }
  return out;
}

export function lowerStringList(list: ast.StringList | undefined, cx: LoweringContext): string[] | undefined {
  if (!list) return undefined;
  const out: string[] = [];
  let chars = 0;
  for (const part of [list as ast.StringList | ast.ListPart, ...list.rest]) {
    const items: string[] = [];
    for (const item of part.items) {
      const s = lowerString(item, cx);
      if (s === undefined) return undefined;
      items.push(s);
    }
    const count = part.count ?? 1;
    const itemChars = items.reduce((n, s) => n + s.length, 0);
    if (out.length + items.length * count > MAX_LIST_LENGTH || chars + itemChars * count > MAX_STRING_LENGTH) {
      cx.error('too-large', `this list would hold ${(out.length + items.length * count).toLocaleString('en-US')} strings of ${(chars + itemChars * count).toLocaleString('en-US')} characters in all`, `the limits are ${MAX_LIST_LENGTH.toLocaleString('en-US')} strings and ${MAX_STRING_LENGTH.toLocaleString('en-US')} characters`, part, 'count');
      return undefined;
    }
    for (let i = 0; i < count; i++) for (const s of items) out.push(s);
    chars += itemChars * count;
  }
  return out;
}
