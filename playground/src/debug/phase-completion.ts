/**
 * Completion for phase breakpoints: the phase ids of sim-core's catalogue
 * (the same list the adapter verifies function breakpoints against), matched
 * by prefix of the whole id or of any dotted segment, with `*` wildcards
 * accepted as typed.
 */
export interface PhaseChoice {
  readonly id: string;
  readonly title: string;
}

export function completePhase(typed: string, phases: readonly PhaseChoice[], limit = 30): PhaseChoice[] {
  const t = typed.trim().toLowerCase();
  if (!t) return phases.slice(0, limit);
  if (t.includes('*')) {
    const re = new RegExp(`^${t.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}`);
    return phases.filter((p) => re.test(p.id)).slice(0, limit);
  }
  const starts = phases.filter((p) => p.id.toLowerCase().startsWith(t));
  const segment = phases.filter((p) => !starts.includes(p) && p.id.toLowerCase().split('.').some((s) => s.startsWith(t)));
  return [...starts, ...segment].slice(0, limit);
}
