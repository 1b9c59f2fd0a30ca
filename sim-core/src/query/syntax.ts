/**
 * The query language's syntax: small C-like expressions over the simulated
 * state, for the debugger's watch, hover, REPL, breakpoint conditions and
 * logpoints.
 *
 *   expr    := or
 *   or      := and ('||' and)*
 *   and     := not ('&&' not)*
 *   not     := '!' not | compare
 *   compare := unary (('==' | '!=' | '<' | '<=' | '>' | '>=') unary)?
 *   unary   := '-' unary | postfix
 *   postfix := primary ('.' name | '[' expr ']')*
 *   primary := number | string | name | name '(' (expr (',' expr)*)? ')' | '(' expr ')'
 *
 * Numbers are C-like: `022` is octal (umasks, modes), `0x1f` hex, `0o22` octal.
 */
import { QueryError } from './errors.js';

export type Expr =
  | { readonly k: 'num'; readonly value: number; readonly pos: number }
  | { readonly k: 'str'; readonly value: string; readonly pos: number }
  | { readonly k: 'name'; readonly name: string; readonly pos: number }
  | { readonly k: 'member'; readonly object: Expr; readonly name: string; readonly pos: number }
  | { readonly k: 'index'; readonly object: Expr; readonly index: Expr; readonly pos: number }
  | { readonly k: 'call'; readonly callee: string; readonly args: readonly Expr[]; readonly pos: number }
  | { readonly k: 'not'; readonly arg: Expr; readonly pos: number }
  | { readonly k: 'neg'; readonly arg: Expr; readonly pos: number }
  | { readonly k: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly pos: number };

export type BinaryOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

type Token =
  | { readonly t: 'num'; readonly value: number; readonly pos: number; readonly text: string }
  | { readonly t: 'str'; readonly value: string; readonly pos: number; readonly text: string }
  | { readonly t: 'name'; readonly value: string; readonly pos: number; readonly text: string }
  | { readonly t: 'op'; readonly value: string; readonly pos: number; readonly text: string }
  | { readonly t: 'end'; readonly value: ''; readonly pos: number; readonly text: '' };

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '-', '.', '[', ']', '(', ')', ','];

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9]/.test(c)) {
      const m = /^(0[xX][0-9a-fA-F]+|0[oO][0-7]+|[0-9]+)(?![A-Za-z0-9_$])/.exec(text.slice(i));
      if (!m) throw new QueryError(`"${/^[0-9A-Za-z_$]+/.exec(text.slice(i))![0]}" is not a number`, i, 'numbers are decimal, 0x1f (hex), 0o22 or 022 (octal)');
      const lit = m[1]!;
      let value: number;
      if (/^0[xX]/.test(lit)) value = parseInt(lit.slice(2), 16);
      else if (/^0[oO]/.test(lit)) value = parseInt(lit.slice(2), 8);
      else if (lit.length > 1 && lit.startsWith('0')) {
        if (/[89]/.test(lit)) throw new QueryError(`${lit} is not an octal number`, i, 'a leading 0 makes a number octal, as in C: digits 0 to 7');
        value = parseInt(lit, 8);
      } else value = parseInt(lit, 10);
      out.push({ t: 'num', value, pos: start, text: lit });
      i += lit.length;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\' && j + 1 < text.length) {
          const e = text[j + 1]!;
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          j += 2;
        } else value += text[j++];
      }
      if (j >= text.length) throw new QueryError('unterminated string', start, `close it with ${c}`);
      out.push({ t: 'str', value, pos: start, text: text.slice(start, j + 1) });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(text.slice(i))!;
      out.push({ t: 'name', value: m[0], pos: start, text: m[0] });
      i += m[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      out.push({ t: 'op', value: op, pos: start, text: op });
      i += op.length;
      continue;
    }
    if (c === '=') throw new QueryError('"=" is not an operator here', i, 'compare with ==; change values in the Variables view or with setExpression');
    if (c === '&' || c === '|') throw new QueryError(`"${c}" is not an operator`, i, `use ${c}${c} for "${c === '&' ? 'and' : 'or'}"`);
    throw new QueryError(`unexpected "${c}"`, i);
  }
  out.push({ t: 'end', value: '', pos: text.length, text: '' });
  return out;
}

export function parse(text: string): Expr {
  if (text.trim() === '') throw new QueryError('empty expression', 0, 'try shell.fd[3], shell.euid or ports(shell)');
  const tokens = tokenize(text);
  let p = 0;
  const peek = () => tokens[p]!;
  const next = () => tokens[p++]!;
  const isOp = (v: string) => peek().t === 'op' && peek().value === v;
  const expectOp = (v: string, what: string) => {
    const t = peek();
    if (t.t === 'op' && t.value === v) return next();
    throw new QueryError(`expected "${v}" ${what}${t.t === 'end' ? ' at the end' : `, found "${t.text}"`}`, t.pos);
  };

  function or(): Expr {
    let left = and();
    while (isOp('||')) {
      const op = next();
      left = { k: 'binary', op: '||', left, right: and(), pos: op.pos };
    }
    return left;
  }
  function and(): Expr {
    let left = not();
    while (isOp('&&')) {
      const op = next();
      left = { k: 'binary', op: '&&', left, right: not(), pos: op.pos };
    }
    return left;
  }
  function not(): Expr {
    if (isOp('!')) {
      const op = next();
      return { k: 'not', arg: not(), pos: op.pos };
    }
    return compare();
  }
  function compare(): Expr {
    const left = unary();
    const t = peek();
    if (t.t === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.value)) {
      next();
      const right = unary();
      const after = peek();
      if (after.t === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(after.value)) {
        throw new QueryError('comparisons do not chain', after.pos, 'join them with && (a < b && b < c)');
      }
      return { k: 'binary', op: t.value as BinaryOp, left, right, pos: t.pos };
    }
    return left;
  }
  function unary(): Expr {
    if (isOp('-')) {
      const op = next();
      return { k: 'neg', arg: unary(), pos: op.pos };
    }
    return postfix();
  }
  function postfix(): Expr {
    let e = primary();
    for (;;) {
      if (isOp('.')) {
        const dot = next();
        const t = peek();
        if (t.t !== 'name') throw new QueryError(`expected a field name after "."${t.t === 'end' ? '' : `, found "${t.text}"`}`, t.pos);
        next();
        e = { k: 'member', object: e, name: t.value, pos: dot.pos };
      } else if (isOp('[')) {
        const open = next();
        const index = or();
        expectOp(']', 'to close the index');
        e = { k: 'index', object: e, index, pos: open.pos };
      } else return e;
    }
  }
  function primary(): Expr {
    const t = next();
    switch (t.t) {
      case 'num':
        return { k: 'num', value: t.value, pos: t.pos };
      case 'str':
        return { k: 'str', value: t.value, pos: t.pos };
      case 'name':
        if (isOp('(')) {
          next();
          const args: Expr[] = [];
          if (!isOp(')')) {
            args.push(or());
            while (isOp(',')) {
              next();
              args.push(or());
            }
          }
          expectOp(')', `to close the call of ${t.value}()`);
          return { k: 'call', callee: t.value, args, pos: t.pos };
        }
        return { k: 'name', name: t.value, pos: t.pos };
      case 'op':
        if (t.value === '(') {
          const e = or();
          expectOp(')', 'to close "("');
          return e;
        }
        throw new QueryError(`unexpected "${t.text}"`, t.pos);
      case 'end':
        throw new QueryError('the expression ends too early', t.pos);
    }
  }

  const e = or();
  const rest = peek();
  if (rest.t !== 'end') throw new QueryError(`unexpected "${rest.text}" after a complete expression`, rest.pos);
  return e;
}
