/**
 * Langium's built-in diagnostics in the language's words: syntax errors with a
 * hint, and unresolved names as "no task named …" with a "did you mean". Every
 * diagnostic carries a code (diagnostic.code) and, where there is one, a hint
 * (diagnostic.data.hint).
 */
import {
  Cancellation,
  DefaultDocumentValidator,
  DocumentValidator,
  type AstNode,
  type LangiumCoreServices,
  type LangiumDocument,
  type ScopeProvider,
  type ValidationAcceptor,
  type ValidationOptions,
} from 'langium';
import type { ExecsimLexingDiagnostic } from '../parser/lexer.js';
import type { ExecsimValidationRegistry } from './validation-registry.js';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { ParseResult } from 'langium';
import { isSubject } from '../references/subject.js';
import type { ExecsimParserErrorMessageProvider } from '../parser/error-messages.js';
import { closest } from '../lowering/suggest.js';

export class ExecsimDocumentValidator extends DefaultDocumentValidator {
  private readonly scopeProvider: ScopeProvider;
  private readonly messages: ExecsimParserErrorMessageProvider;

  constructor(services: LangiumCoreServices) {
    super(services);
    this.scopeProvider = services.references.ScopeProvider;
    this.messages = services.parser.ParserErrorMessageProvider as ExecsimParserErrorMessageProvider;
  }

  protected override processLexingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
    const start = diagnostics.length;
    super.processLexingErrors(parseResult, diagnostics, options);
    // super adds one diagnostic per lexer error, then per report diagnostic, in this order.
    const sources: ExecsimLexingDiagnostic[] = [...parseResult.lexerErrors, ...(parseResult.lexerReport?.diagnostics ?? [])];
    for (let i = start; i < diagnostics.length; i++) {
      const source = sources[i - start];
      diagnostics[i] = {
        ...diagnostics[i]!,
        code: source?.code ?? 'syntax',
        data: { ...(diagnostics[i]!.data as object), ...(source?.hint ? { hint: source.hint } : {}) },
      };
    }
  }

  /** Langium walks every node for per-type checks; the scenario language has none of its own, so skip the walk then. */
  protected override async validateAstNodes(rootNode: AstNode, options: ValidationOptions, acceptor: ValidationAcceptor, cancelToken?: Cancellation.CancellationToken): Promise<void> {
    if ((this.validationRegistry as ExecsimValidationRegistry).hasNodeChecks === false) return;
    await super.validateAstNodes(rootNode, options, acceptor, cancelToken);
  }

  protected override processParsingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
    const start = diagnostics.length;
    super.processParsingErrors(parseResult, diagnostics, options);
    // super pushes one diagnostic per parser error that has a range, in order.
    const withRange = parseResult.parserErrors.filter((e) => !Number.isNaN(e.token.startOffset) || 'previousToken' in e);
    for (let i = start; i < diagnostics.length; i++) {
      const hint = this.messages.hints.get(withRange[i - start]!.token);
      diagnostics[i] = { ...diagnostics[i]!, code: 'syntax', data: { ...(diagnostics[i]!.data as object), ...(hint ? { hint } : {}) } };
    }
  }

  protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[], _options: ValidationOptions): void {
    for (const reference of document.references) {
      const error = reference.error;
      if (!error) continue;
      const { container, property } = error.info;
      const name = reference.$refText;
      const candidates = this.scopeProvider.getScope(error.info).getAllElements().map((d) => d.name).toArray();
      const { code, message, fallback } = describeUnresolved(container, property, name);
      const near = closest(name, candidates);
      const hint = near !== undefined ? `did you mean ${near}?` : fallback;
      diagnostics.push({
        severity: 1,
        range: reference.$refNode?.range ?? container.$cstNode!.range,
        message,
        code,
        source: this.metadata.languageId,
        data: {
          code: DocumentValidator.LinkingError,
          containerType: container.$type,
          property,
          refText: name,
          ...(hint ? { hint } : {}),
        },
      });
    }
  }
}

function describeUnresolved(container: AstNode, property: string, name: string): { code: string; message: string; fallback: string } {
  if (property === 'label') {
    return { code: 'unknown-label', message: `no action is labelled ${name}`, fallback: `label the action: ${name} TASK: CALL …` };
  }
  if (property === 'thread' && isSubject(container)) {
    const task = container.task?.ref?.name ?? container.task?.$refText;
    return {
      code: 'unknown-thread',
      message: `task ${task} has no thread ${name}`,
      fallback: `declare it in the task (thread ${name}) or create it (${task}: pthread_create ${name}); the first thread is ${task}.main`,
    };
  }
  return { code: 'unknown-task', message: `no task named ${name}`, fallback: `declare it (task ${name} pid N) or create it (PARENT: fork ${name})` };
}
