/** One NameIndex per parse of a document: the AST root is replaced on every edit, so a WeakMap on it is exact. */
import type { LangiumDocument } from 'langium';
import type * as ast from '../../language/generated/ast.js';
import { NameIndex } from './name-index.js';

const cache = new WeakMap<ast.Scenario, NameIndex>();

export function nameIndexOf(document: LangiumDocument): NameIndex {
  const doc = document as LangiumDocument<ast.Scenario>;
  const root = doc.parseResult.value;
  let index = cache.get(root);
  if (!index) {
    index = new NameIndex(doc);
    cache.set(root, index);
  }
  return index;
}
