/** The language's checks, plus the warnings only an editor shows (with a quick fix): fds that leak into a set-ID exec. */
import type { LangiumCoreServices } from 'langium';
import { ExecsimValidationRegistry } from '../../language/validation/validation-registry.js';
import { checkSecureExecLeaks } from './secure-exec-leaks.js';

export class EditorValidationRegistry extends ExecsimValidationRegistry {
  constructor(services: LangiumCoreServices) {
    super(services);
    this.registerAfterDocument((root, accept) => checkSecureExecLeaks(root, accept));
  }
}
