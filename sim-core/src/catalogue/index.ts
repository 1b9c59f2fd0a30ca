/**
 * The phase catalogue of every system, read from the personalities that
 * implement the phases: one table, one place.
 */
import { allPersonalities } from '../personalities/registry.js';
import type { SystemId } from '../scenario/scenario.js';
import type { PhaseInfo } from './types.js';

export type { Citation, PhaseError, PhaseInfo } from './types.js';

let byId: Map<string, PhaseInfo> | undefined;

export function phaseCatalogue(): readonly PhaseInfo[] {
  return [...phaseIndex().values()];
}

function phaseIndex(): Map<string, PhaseInfo> {
  byId ??= new Map(allPersonalities().flatMap((p) => p.phases.map((ph) => [ph.id, ph] as const)));
  return byId;
}

export function phaseById(id: string): PhaseInfo | undefined {
  return phaseIndex().get(id);
}

export function phasesOf(system: SystemId): PhaseInfo[] {
  return phaseCatalogue()
    .filter((p) => p.system === system)
    .sort((a, b) => a.order - b.order);
}

/** Phase ids matching a pattern with `*` wildcards (`hurd.exec.*`, `*.close_on_exec`). */
export function matchPhases(pattern: string): PhaseInfo[] {
  const re = wildcard(pattern);
  return phaseCatalogue().filter((p) => re.test(p.id));
}

export function wildcard(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

/** Phases that can return an errno, with the condition, for hover texts. */
export function phasesReturning(errno: string): Array<{ phase: PhaseInfo; when: string }> {
  return phaseCatalogue().flatMap((p) => p.errors.filter((e) => e.errno === errno).map((e) => ({ phase: p, when: e.when })));
}
