/**
 * The lowering service: lowers a document's AST once and keeps the result for
 * the validator, parseScenario and the language server's features.
 */
import type { LangiumDocument } from 'langium';
import type * as ast from '../generated/ast.js';
import { lowerScenario, type Lowered, type LoweringOptions } from './lower.js';

export class ScenarioLowering {
  private readonly results = new WeakMap<ast.Scenario, Lowered>();
  private readonly options = new WeakMap<LangiumDocument, LoweringOptions>();

  /** Options for one document (parseScenario sets the file name and a system override). */
  setOptions(document: LangiumDocument, options: LoweringOptions): void {
    this.options.set(document, options);
  }

  lower(document: LangiumDocument<ast.Scenario>): Lowered {
    const root = document.parseResult.value;
    let result = this.results.get(root);
    if (!result) {
      result = lowerScenario(root, this.options.get(document) ?? { file: document.uri.toString() });
      this.results.set(root, result);
    }
    return result;
  }
}
