/**
 * Validation checks of the scenario language. A check that throws is a bug in
 * the language, reported as an `internal-error` diagnostic (the fuzz tests
 * look for it) rather than logged and lost.
 */
import { isOperationCancelled, ValidationRegistry, type AstNode, type LangiumCoreServices, type MaybePromise, type ValidationAcceptor } from 'langium';
import type { ExecsimServices } from '../execsim-module.js';

export class ExecsimValidationRegistry extends ValidationRegistry {
  /** Whether any check is registered for node types (the language server may add some). */
  hasNodeChecks = false;

  protected override addEntry(type: string, entry: Parameters<ValidationRegistry['addEntry']>[1]): void {
    this.hasNodeChecks = true;
    super.addEntry(type, entry);
  }

  constructor(services: LangiumCoreServices) {
    super(services);
    const execsim = services as ExecsimServices;
    this.registerAfterDocument((root, accept, _categories, cancelToken) => execsim.validation.ScenarioValidator.check(root, accept, cancelToken));
  }

  protected override async handleException(functionality: () => MaybePromise<void>, messageContext: string, accept: ValidationAcceptor, node: AstNode): Promise<void> {
    try {
      await functionality();
    } catch (err) {
      if (isOperationCancelled(err)) throw err;
      const detail = err instanceof Error ? err.message : String(err);
      accept('error', `internal error in the scenario checker (${messageContext}): ${detail}`, { node, code: 'internal-error', data: { hint: 'please report this with the scenario that caused it' } });
    }
  }
}
