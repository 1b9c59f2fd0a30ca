/**
 * variablesReference handles for query values while the debuggee is stopped.
 * Records expand to their fields (named), tables to pages of their entries
 * (indexed): the client asks for `start`/`count` and only those rows are
 * built, so a 1M-entry fd table opens as fast as a 3-entry one.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import { query } from '../../../sim-core/src/index.js';

type QValue = query.QValue;

/** Rows returned when a client asks for all children of a table at once (it should page). */
export const UNPAGED_LIMIT = 1000;

export class VariableStore {
  private readonly values = new Map<number, QValue>();
  private next = 1;

  /** Drops every handle: values belong to one stop (and one state). */
  reset(): void {
    this.values.clear();
  }

  get(ref: number): QValue | undefined {
    return this.values.get(ref);
  }

  /** A handle for a value with children, 0 for a value without. */
  refFor(v: QValue): number {
    if (v.kind === 'record' ? query.fieldCount(v) === 0 : v.kind !== 'table' || v.size === 0) return 0;
    const ref = this.next++;
    this.values.set(ref, v);
    return ref;
  }

  /** The DAP variable for a value shown under `name`. */
  variable(name: string, v: QValue, brief = true): DebugProtocol.Variable {
    const ref = this.refFor(v);
    const out: DebugProtocol.Variable = {
      name,
      value: brief ? query.briefOf(v) : v.display,
      type: v.type,
      variablesReference: ref,
      presentationHint: {
        kind: v.kind === 'record' || v.kind === 'table' ? 'data' : 'property',
        ...(v.set ? {} : { attributes: ['readOnly'] }),
      },
    };
    if (v.path !== undefined) out.evaluateName = v.path;
    if (ref && v.kind === 'table') out.indexedVariables = v.size;
    if (ref && v.kind === 'record') out.namedVariables = query.fieldCount(v);
    return out;
  }

  /** Children of a handle, honouring DAP's filter/start/count paging. */
  children(ref: number, filter?: 'indexed' | 'named', start = 0, count = 0): DebugProtocol.Variable[] | undefined {
    const v = this.values.get(ref);
    if (!v) return undefined;
    const from = Math.max(0, Math.floor(start));
    const n = Math.max(0, Math.floor(count));
    if (v.kind === 'record') {
      if (filter === 'indexed') return [];
      const fields = v.fields();
      const page = n > 0 ? fields.slice(from, from + n) : fields.slice(from);
      return page.map((f) => this.variable(f.name, f.value));
    }
    if (v.kind === 'table') {
      if (filter === 'named') return [];
      const want = n > 0 ? n : Math.min(UNPAGED_LIMIT, v.size);
      const rows = v.entries(from, want).map(([k, x]) => this.variable(String(k), x));
      const left = v.size - from - rows.length;
      if (n === 0 && left > 0) {
        rows.push({ name: '…', value: `${left} more (the client should page with start/count)`, variablesReference: 0, presentationHint: { attributes: ['readOnly'] } });
      }
      return rows;
    }
    return [];
  }

  /** The child of a handle named `name` (for setVariable and data breakpoints). */
  child(ref: number, name: string): QValue | undefined {
    const v = this.values.get(ref);
    if (!v) return undefined;
    if (v.kind === 'record') return v.fields().find((f) => f.name === name)?.value ?? v.field(name);
    if (v.kind === 'table' && /^-?[0-9]+$/.test(name)) return v.at(Number(name));
    return undefined;
  }
}
