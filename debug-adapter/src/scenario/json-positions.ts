/**
 * A JSON reader that remembers where every value starts, so that a problem
 * found in a scenario (`tasks[0].fds[2].fd`) can be reported at its line and
 * column in the file, as a compiler would.
 */

export interface Position {
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: Position,
  ) {
    super(message);
  }
}

export interface JsonDocument {
  readonly value: unknown;
  /** Where the value at a path (`tasks[0].fds[2].fd`, `system`) starts; '' is the whole document. */
  positionAt(path: string): Position | undefined;
  /** The position of the path, or of its nearest ancestor that exists. */
  nearestPosition(path: string): Position;
}

export function memberPath(parent: string, key: string): string {
  const name = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
  if (parent === '') return name;
  return /^[A-Za-z_$]/.test(name) ? `${parent}.${name}` : `${parent}[${name}]`;
}

export function parseJson(text: string): JsonDocument {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const positionOf = (offset: number): Position => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
  const positions = new Map<string, number>();
  let i = 0;
  const fail = (message: string, at = i): never => {
    throw new JsonSyntaxError(message, positionOf(Math.min(at, text.length)));
  };
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const describe = (at: number) => (at >= text.length ? 'the end of the file' : `"${text[at]}"`);

  function value(path: string, depth: number): unknown {
    if (depth > 200) fail('the document nests too deeply');
    ws();
    positions.set(path, i);
    const c = text[i];
    if (c === '{') return object(path, depth);
    if (c === '[') return array(path, depth);
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    return fail(`expected a value, found ${describe(i)}`);
  }

  function object(path: string, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return out;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe(i)}`);
      const keyAt = i;
      const key = string();
      if (Object.prototype.hasOwnProperty.call(out, key)) fail(`property "${key}" appears twice`, keyAt);
      ws();
      if (text[i] !== ':') fail(`expected ":" after "${key}", found ${describe(i)}`);
      i++;
      out[key] = value(memberPath(path, key), depth + 1);
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return out;
      }
      fail(`expected "," or "}" in an object, found ${describe(i)}`);
    }
  }

  function array(path: string, depth: number): unknown[] {
    const out: unknown[] = [];
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return out;
    }
    for (;;) {
      out.push(value(`${path}[${out.length}]`, depth + 1));
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return out;
      }
      fail(`expected "," or "]" in an array, found ${describe(i)}`);
    }
  }

  function string(): string {
    const start = i;
    i++;
    let out = '';
    for (;;) {
      if (i >= text.length) fail('unterminated string', start);
      const c = text[i]!;
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail(`bad escape "\\${e ?? ''}" in a string`);
      } else if (c.charCodeAt(0) < 0x20) {
        fail('control character in a string (write \\n for a line break)');
      } else {
        out += c;
        i++;
      }
    }
  }

  function number(): number {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!m) return fail(`bad number starting with ${describe(i)}`);
    i += m[0].length;
    if (/[0-9]/.test(text[i] ?? '')) fail('numbers cannot have leading zeros in JSON (write modes in decimal or as strings the format allows)');
    return Number(m[0]);
  }

  const v = value('', 0);
  ws();
  if (i < text.length) fail(`unexpected ${describe(i)} after the end of the document`);
  return {
    value: v,
    positionAt: (path) => {
      const at = positions.get(path);
      return at === undefined ? undefined : positionOf(at);
    },
    nearestPosition(path) {
      let p = path;
      for (;;) {
        const at = positions.get(p);
        if (at !== undefined) return positionOf(at);
        if (p === '') return { line: 1, column: 1 };
        const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
        p = cut <= 0 ? '' : p.slice(0, cut);
      }
    },
  };
}
