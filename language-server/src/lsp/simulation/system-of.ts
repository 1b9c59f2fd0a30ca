/** The system a document's scenario runs on: its `system` line, when sim-core knows the name. */
import type { LangiumDocument } from 'langium';
import type * as ast from '../../language/generated/ast.js';
import { personalityFor } from '../../../../sim-core/src/personalities/registry.js';
import type { Personality } from '../../../../sim-core/src/personalities/personality.js';
import type { SystemId } from '../../../../sim-core/src/scenario/scenario.js';

export function personalityOf(document: LangiumDocument): Personality | undefined {
  const root = (document as LangiumDocument<ast.Scenario>).parseResult.value;
  const decl = root.statements.find((s): s is ast.SystemDecl => s.$type === 'SystemDecl');
  return decl?.name ? personalityFor(decl.name as SystemId) : undefined;
}
