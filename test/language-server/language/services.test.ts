/** The services the language server builds on: the LSP pipeline gives the same diagnostics as parseScenario. */
import * as assert from 'node:assert/strict';
import { createDefaultCoreModule, createDefaultSharedCoreModule, EmptyFileSystem, inject, URI } from 'langium';
import { createExecsimServices } from '../../../language-server/src/language/execsim-services.js';
import { ExecsimGeneratedModule, ExecsimGeneratedSharedModule, ExecsimLanguageMetaData } from '../../../language-server/src/language/generated/module.js';
import { createExecsimCoreServices, ExecsimModule, parseScenario } from '../../../language-server/src/language/index.js';

const TEXT = 'system linux\ntask shell pid 100\nshel: close 0\nshell: close 2000000\nexpect shell fd 0 closed\n';

describe('language services', () => {
  it('give the same diagnostics through Langium\'s document builder as parseScenario', async () => {
    const { shared, Execsim } = createExecsimServices(EmptyFileSystem);
    const document = shared.workspace.LangiumDocumentFactory.fromString(TEXT, URI.parse('file:///w/a.execsim'));
    shared.workspace.LangiumDocuments.addDocument(document);
    await shared.workspace.DocumentBuilder.build([document], { validation: true });
    const lsp = (document.diagnostics ?? []).map((d) => [d.range.start.line, d.code, d.message]);
    const direct = (await parseScenario(TEXT)).diagnostics.map((d) => [d.range.start.line, d.code, d.message]);
    assert.deepEqual(lsp, direct);
    assert.deepEqual(direct, [
      [2, 'unknown-task', 'no task named shel'],
      [3, 'fd-out-of-range', 'fd 2000000 is out of range'],
    ]);
    // The lowered scenario is available to the server's features.
    assert.equal(Execsim.lowering.ScenarioLowering.lower(document as never).scenario.tasks[0]!.name, 'shell');
  });

  it('build a parser that passes Chevrotain\'s grammar checks (development mode)', () => {
    assert.equal(createExecsimCoreServices().Execsim.LanguageMetaData.mode, 'production');
    const shared = inject(createDefaultSharedCoreModule(EmptyFileSystem), ExecsimGeneratedSharedModule);
    const dev = inject(createDefaultCoreModule({ shared }), ExecsimGeneratedModule, ExecsimModule, {
      LanguageMetaData: () => ({ ...ExecsimLanguageMetaData, mode: 'development' as const }),
    });
    // In development mode Chevrotain validates the grammar while building the parser and throws on a defect.
    assert.deepEqual(dev.parser.LangiumParser.parse('system linux\n').parserErrors, []);
  });
});
