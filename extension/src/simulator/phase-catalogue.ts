/**
 * The phase catalogue as a Markdown document (Show Phase Catalogue): every
 * system's exec path in order, with the ids function breakpoints take.
 */
import { SYSTEMS, phasesOf, type PhaseInfo, type SystemId } from '../../../sim-core/src/index.js';

const SYSTEM_NAMES: Readonly<Record<SystemId, string>> = {
  linux: 'Linux',
  hurd: 'GNU Hurd on Mach',
  cloudabi: 'CloudABI (FreeBSD proc_exec)',
  l4hurd: 'The L4-Hurd proposal',
};

/** `|` and line breaks would end a table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function row(p: PhaseInfo): string {
  const errors = p.errors.map((e) => `\`${e.errno}\` ${e.when}`).join('; ');
  const sources = p.citations.map((c) => `${c.source} \`${c.file}\`: ${c.function}`).join('; ');
  const title = p.pointOfNoReturn ? `${p.title} **(point of no return)**` : p.title;
  return `| ${p.order} | \`${p.id}\` | ${cell(p.actor)} | ${cell(title)} | ${cell(p.summary)} | ${cell(errors) || '–'} | ${cell(sources)} |`;
}

export function phaseCatalogueMarkdown(): string {
  const out = [
    '# execsim phase catalogue',
    '',
    'Each exec path, phase by phase. A function breakpoint takes a phase id, with `*` wildcards (`linux.*`, `hurd.exec.*`).',
  ];
  for (const system of SYSTEMS) {
    const phases = phasesOf(system);
    if (!phases.length) continue;
    out.push('', `## ${SYSTEM_NAMES[system]} (\`${system}\`)`, '');
    out.push('| # | id | actor | phase | what it does | errors | sources |', '|---|---|---|---|---|---|---|');
    out.push(...phases.map(row));
  }
  return out.join('\n') + '\n';
}
