/**
 * Logpoint messages: text with `{expression}` parts, evaluated when the
 * logpoint is passed (`fd 3 is {shell.fd[3]}`). `{{` and `}}` stand for braces.
 */
import { QueryError } from './errors.js';
import { evaluate, type QueryContext } from './evaluate.js';
import { parse, type Expr } from './syntax.js';

export type TemplatePart = { readonly text: string } | { readonly expr: Expr; readonly source: string };

export function compileTemplate(message: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  for (let i = 0; i < message.length; ) {
    const c = message[i]!;
    if ((c === '{' || c === '}') && message[i + 1] === c) {
      text += c;
      i += 2;
    } else if (c === '{') {
      const end = message.indexOf('}', i + 1);
      if (end < 0) throw new QueryError('"{" without a closing "}"', i, 'write {{ for a literal brace');
      const source = message.slice(i + 1, end);
      let expr: Expr;
      try {
        expr = parse(source);
      } catch (e) {
        if (e instanceof QueryError) throw new QueryError(`in {${source}}: ${e.message}`, i + 1 + (e.column ?? 0), e.hint);
        throw e;
      }
      if (text) parts.push({ text });
      text = '';
      parts.push({ expr, source });
      i = end + 1;
    } else if (c === '}') {
      throw new QueryError('"}" without an opening "{"', i, 'write }} for a literal brace');
    } else {
      text += c;
      i++;
    }
  }
  if (text) parts.push({ text });
  return parts;
}

/** The message with each expression replaced by its display (or `<error: …>`). */
export function renderTemplate(parts: readonly TemplatePart[], ctx: QueryContext): string {
  return parts
    .map((p) => {
      if ('text' in p) return p.text;
      try {
        return evaluate(p.expr, ctx).display;
      } catch (e) {
        if (e instanceof QueryError) return `<${p.source}: ${e.message}>`;
        throw e;
      }
    })
    .join('');
}
