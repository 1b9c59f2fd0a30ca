/**
 * Function breakpoints name exec phases by id, with `*` wildcards
 * (`linux.close_on_exec`, `linux.*`, `hurd.exec.*`), checked against the phase
 * catalogue: a name that matches no phase of the scenario's system stays
 * unverified and says what it does match. It fires when a matching phase is
 * entered.
 */
import { matchPhases, phaseCatalogue, type PhaseInfo, type SimEvent, type SystemId } from '../../../../sim-core/src/index.js';
import { ArmedBreakpoint, parseOptions, type ArmedOptions, type BreakpointOptions } from './armed.js';

export interface FunctionRequest extends BreakpointOptions {
  readonly name: string;
}

export interface FunctionResult {
  readonly id: number;
  readonly verified: boolean;
  readonly message?: string;
}

export class PhaseBreakpoint extends ArmedBreakpoint {
  constructor(
    id: number,
    readonly phases: ReadonlySet<string>,
    options: ArmedOptions,
  ) {
    super(id, options);
  }

  at(e: SimEvent): boolean {
    return e.kind === 'phase-entered' && this.phases.has(e.phase);
  }
}

function systemsOf(phases: readonly PhaseInfo[]): string {
  return [...new Set(phases.map((p) => p.system))].join(', ');
}

export function placeFunctionBreakpoints(
  requests: readonly FunctionRequest[],
  system: SystemId | undefined,
  nextId: () => number,
): { results: FunctionResult[]; armed: PhaseBreakpoint[] } {
  const results: FunctionResult[] = [];
  const armed: PhaseBreakpoint[] = [];
  for (const r of requests) {
    const id = nextId();
    const name = r.name.trim();
    const all = name ? matchPhases(name) : [];
    const mine = all.filter((p) => system === undefined || p.system === system);
    if (!mine.length) {
      let message: string;
      if (all.length) message = `${name} matches ${all.length} phase${all.length === 1 ? '' : 's'} of ${systemsOf(all)}, none of ${system} (this scenario's system)`;
      else {
        const byTitle = phaseCatalogue().filter((p) => p.title === name || p.id.endsWith(`.${name}`));
        message = byTitle.length
          ? `no phase id is ${name}; did you mean ${byTitle.map((p) => p.id).join(' or ')}?`
          : `no phase matches ${JSON.stringify(name)}: phase ids look like ${system ?? 'linux'}.close_on_exec, and ${system ?? 'linux'}.* matches all of them`;
      }
      results.push({ id, verified: false, message });
      continue;
    }
    const opts = parseOptions(r);
    if ('error' in opts) {
      results.push({ id, verified: false, message: opts.error });
      continue;
    }
    results.push({ id, verified: true, message: mine.length === 1 ? mine[0]!.title : `${mine.length} phases` });
    armed.push(new PhaseBreakpoint(id, new Set(mine.map((p) => p.id)), opts));
  }
  return { results, armed };
}
