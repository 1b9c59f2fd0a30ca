/** The simulated systems, one personality each. */
import type { SystemId } from '../scenario/scenario.js';
import type { Personality } from './personality.js';
import { linux } from './linux/index.js';
import { hurd } from './hurd/index.js';
import { cloudabi } from './cloudabi/index.js';
import { l4hurd } from './l4hurd/index.js';

const PERSONALITIES: ReadonlyMap<SystemId, Personality> = new Map<SystemId, Personality>([
  ['linux', linux],
  ['hurd', hurd],
  ['cloudabi', cloudabi],
  ['l4hurd', l4hurd],
]);

export function personalityFor(system: SystemId): Personality | undefined {
  return PERSONALITIES.get(system);
}

export function allPersonalities(): Personality[] {
  return [...PERSONALITIES.values()];
}
