/**
 * Data breakpoints watch an fd slot, a port name or a credential, named by
 * the query expression that reads it (`shell.fd[3]`, `shell.euid`,
 * `ports(shell)[12]`); they fire at the event that changes it, in either
 * direction of travel. Expressions survive restarts (canPersist).
 */
import { Watchpoint, query, type Engine, type SimEvent } from '../../../../sim-core/src/index.js';
import { ArmedBreakpoint, parseOptions, type ArmedOptions, type BreakpointOptions } from './armed.js';

type QValue = query.QValue;

export interface DataRequest extends BreakpointOptions {
  readonly dataId: string;
  readonly accessType?: string;
}

export interface DataResult {
  readonly id: number;
  readonly verified: boolean;
  readonly message?: string;
}

/** Value types a data breakpoint can watch: fd slots, credentials, port names and rights. */
export function isWatchable(v: QValue): boolean {
  return ['fd', 'fd table entry', 'uid', 'gid', 'groups'].includes(v.type) || v.type.startsWith('port');
}

/** `fd 3 of shell`, `shell's euid`: how a watched expression reads in messages. */
export function describeWatch(expression: string): string {
  const fd = /^(.*)\.fd\[([0-9]+)\]$/.exec(expression);
  if (fd) return `fd ${fd[2]} of ${fd[1]}`;
  const cred = /^(.*)\.(?:creds\.)?(uid|euid|suid|fsuid|gid|egid|sgid|fsgid|groups)$/.exec(expression);
  if (cred) return `${cred[2]} of ${cred[1]}`;
  return expression;
}

export class DataBreakpoint extends ArmedBreakpoint {
  readonly description: string;

  constructor(
    id: number,
    readonly watch: Watchpoint,
    options: ArmedOptions,
  ) {
    super(id, options);
    this.description = describeWatch(watch.expression);
  }

  at(e: SimEvent, engine: Engine): boolean {
    return this.watch.change(engine.stateAt(e.seq - 1), engine.stateAt(e.seq)) !== undefined;
  }

  /** `fd 3 of shell: 3 → /etc/motd (ro, cloexec) → closed`. */
  changeText(engine: Engine, seq: number): string {
    const c = this.watch.change(engine.stateAt(seq - 1), engine.stateAt(seq));
    return c ? `${this.description}: ${c.from} → ${c.to}` : this.description;
  }
}

export function placeDataBreakpoints(
  requests: readonly DataRequest[],
  inspector: query.StateInspector | undefined,
  nextId: () => number,
): { results: DataResult[]; armed: DataBreakpoint[] } {
  const results: DataResult[] = [];
  const armed: DataBreakpoint[] = [];
  for (const r of requests) {
    const id = nextId();
    if (r.accessType !== undefined && r.accessType !== 'write') {
      results.push({ id, verified: false, message: `only changes can be watched (accessType "write"), not "${r.accessType}"` });
      continue;
    }
    let watch: Watchpoint;
    try {
      watch = new Watchpoint(r.dataId, inspector);
    } catch (e) {
      results.push({ id, verified: false, message: e instanceof query.QueryError ? `cannot watch ${r.dataId}: ${e.text}` : String(e) });
      continue;
    }
    const opts = parseOptions(r);
    if ('error' in opts) {
      results.push({ id, verified: false, message: opts.error });
      continue;
    }
    if (opts.log) {
      results.push({ id, verified: false, message: 'data breakpoints cannot log; use a logpoint on a statement or phase' });
      continue;
    }
    results.push({ id, verified: true, message: `watching ${describeWatch(r.dataId)}` });
    armed.push(new DataBreakpoint(id, watch, opts));
  }
  return { results, armed };
}
