/** Every language section, and which systems accept a statement. */
import type { AstNode } from 'langium';
import type { SystemId } from '../../../../sim-core/src/scenario/scenario.js';
import type { LanguageSection } from './section.js';
import { linuxSection } from './linux.js';
import { cloudabiSection } from './cloudabi.js';

export const SECTIONS: readonly LanguageSection[] = [linuxSection, cloudabiSection];

/** The systems that have a statement of this type, or undefined when every system has it. */
export function systemsHaving(node: AstNode): { systems: SystemId[]; word: string } | undefined {
  const owners = SECTIONS.filter((s) => node.$type in s.owns);
  if (!owners.length) return undefined;
  return { systems: owners.map((s) => s.system), word: owners[0]!.owns[node.$type]!(node) };
}
