/** Markdown for phases, read from sim-core's phase catalogue (never restated here). */
import type { PhaseInfo } from '../../../../sim-core/src/catalogue/types.js';

export function citations(phase: PhaseInfo): string {
  return phase.citations.map((c) => `${c.source} \`${c.file}\`: \`${c.function}\``).join('; ');
}

/** One list item: id, title, summary, and where the real code is. */
export function phaseItem(phase: PhaseInfo): string {
  const ponr = phase.pointOfNoReturn ? ' (point of no return)' : '';
  return `- \`${phase.id}\` **${phase.title}**${ponr}: ${phase.summary}  \n  ${citations(phase)}`;
}

export function phaseDetail(phase: PhaseInfo): string {
  const lines = [`**${phase.id}**: ${phase.title}${phase.pointOfNoReturn ? ' (point of no return)' : ''}`, '', phase.summary, '', citations(phase)];
  if (phase.errors.length) {
    lines.push('', 'Can fail with:', ...phase.errors.map((e) => `- \`${e.errno}\`: ${e.when}`));
  }
  return lines.join('\n');
}
