/**
 * Exception filters: the incidents sim-core reads off the tape
 * (engine/incidents.ts) that stop the run — an exec failing (any errno, or
 * those the filter's condition lists), the point of no return, a program
 * started with AT_SECURE=1 still holding inherited fds or rights, and an
 * expectation that does not hold.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import { isErrno, type Errno, type Incident, type IncidentKind } from '../../../../sim-core/src/index.js';

export const EXCEPTION_FILTERS: readonly DebugProtocol.ExceptionBreakpointsFilter[] = [
  {
    filter: 'exec-failed',
    label: 'Exec failed',
    description: 'Stop in the phase where an exec fails: the error it returns, or the failure that kills the process past the point of no return.',
    default: false,
    supportsCondition: true,
    conditionDescription: 'Only these errors, e.g. ENOENT or EACCES ETXTBSY',
  },
  {
    filter: 'point-of-no-return',
    label: 'Point of no return crossed',
    description: 'Stop where an exec commits: from there a failure kills the process instead of returning.',
    default: false,
  },
  {
    filter: 'secure-exec-leak',
    label: 'Right or fd reaches a secure exec',
    description: 'Stop when a program starts with AT_SECURE=1 (set-id) still holding fds 3 and up without close-on-exec, or port rights it should not have.',
    default: false,
  },
  {
    filter: 'expectation-failed',
    label: 'Expectation failed',
    description: 'Stop at an expect line that does not hold.',
    default: true,
  },
];

const KINDS = new Set<string>(EXCEPTION_FILTERS.map((f) => f.filter));

export interface FilterResult {
  readonly verified: boolean;
  readonly message?: string;
}

export class ExceptionFilters {
  private kinds = new Set<IncidentKind>(EXCEPTION_FILTERS.filter((f) => f.default).map((f) => f.filter as IncidentKind));
  /** errnos exec-failed is limited to; undefined: any. */
  private errnos: ReadonlySet<Errno> | undefined;

  get enabled(): boolean {
    return this.kinds.size > 0;
  }

  /** Sets the filters from a setExceptionBreakpoints request: plain filter ids, then filters with conditions. */
  set(filters: readonly string[], options: readonly { filterId: string; condition?: string }[]): FilterResult[] {
    const kinds = new Set<IncidentKind>();
    let errnos: Set<Errno> | undefined;
    const results: FilterResult[] = [];
    const enable = (id: string, condition: string | undefined): FilterResult => {
      if (!KINDS.has(id)) return { verified: false, message: `unknown exception filter "${id}"; filters: ${[...KINDS].join(', ')}` };
      if (condition !== undefined && condition.trim() !== '') {
        if (id !== 'exec-failed') return { verified: false, message: `the filter ${id} takes no condition` };
        const names = condition.trim().split(/[\s,|]+/);
        const bad = names.filter((n) => !isErrno(n));
        if (bad.length) return { verified: false, message: `not an errno: ${bad.join(', ')} (write names such as ENOENT EACCES)` };
        errnos = new Set([...(errnos ?? []), ...(names as Errno[])]);
      } else if (id === 'exec-failed') errnos = undefined;
      kinds.add(id as IncidentKind);
      return { verified: true };
    };
    for (const f of filters) results.push(enable(f, undefined));
    for (const o of options) results.push(enable(o.filterId, o.condition));
    this.kinds = kinds;
    this.errnos = kinds.has('exec-failed') ? errnos : undefined;
    return results;
  }

  /** The incidents (among those at one event) the filters stop at. */
  select(incidents: readonly Incident[]): Incident[] {
    return incidents.filter((i) => this.kinds.has(i.kind) && (i.kind !== 'exec-failed' || !this.errnos || (i.errno !== undefined && this.errnos.has(i.errno))));
  }
}
