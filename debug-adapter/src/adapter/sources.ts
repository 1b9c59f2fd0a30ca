/**
 * Phase frames show the phase's pseudo-code from the catalogue as a
 * read-only source (DAP sourceReference). References follow the catalogue's
 * order, so they are the same in every session; the current line is the
 * frame's pc. Facts about the phase follow the pseudo-code as comments, after
 * it so that line numbers stay those of the pseudo-code.
 */
import { phaseCatalogue, type PhaseInfo } from '../../../sim-core/src/index.js';

export class PhaseSources {
  private readonly byRef = new Map<number, PhaseInfo>();
  private readonly refs = new Map<string, number>();

  constructor() {
    phaseCatalogue().forEach((p, i) => {
      this.byRef.set(i + 1, p);
      this.refs.set(p.id, i + 1);
    });
  }

  refFor(phaseId: string): number | undefined {
    return this.refs.get(phaseId);
  }

  phase(ref: number): PhaseInfo | undefined {
    return this.byRef.get(ref);
  }

  /** The text of a phase's source: pseudo-code, then what the catalogue says about the phase. */
  content(ref: number): string | undefined {
    const p = this.byRef.get(ref);
    if (!p) return undefined;
    const lines = [...p.pseudo, '', `// ${p.title} [${p.id}] (${p.actor}): ${p.summary}`];
    for (const c of p.citations) lines.push(`// source: ${c.source} ${c.file}: ${c.function}`);
    for (const e of p.errors) lines.push(`// ${e.errno}: ${e.when}`);
    if (p.pointOfNoReturn) lines.push('// this phase crosses the point of no return');
    return lines.join('\n') + '\n';
  }
}
