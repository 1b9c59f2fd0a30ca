/**
 * The editor, loaded lazily after the first screen. In the order
 * monaco-languageclient requires: the monaco-vscode API wrapper (services),
 * then the language client (the scenario language server in a web worker,
 * built from language-server/src/lsp/main-browser.ts), then the editor.
 */
import { LogLevel } from '@codingame/monaco-vscode-api';
import * as monaco from '@codingame/monaco-vscode-editor-api';
import { MonacoVscodeApiWrapper } from 'monaco-languageclient/vscodeApiWrapper';
import { LanguageClientWrapper } from 'monaco-languageclient/lcwrapper';
import { EditorApp } from 'monaco-languageclient/editorApp';
import { Worker as WorkerLoader, useWorkerFactory } from 'monaco-languageclient/workerFactory';
import { LANGUAGE_ID, execsimMonarch, languageConfiguration } from './monarch.js';
import type { EditorHandle } from '../page/editor-handle.js';

export const SCENARIO_URI = '/workspace/scenario.execsim';

export async function startEditor(container: HTMLElement, text: string): Promise<EditorHandle> {
  const api = new MonacoVscodeApiWrapper({
    $type: 'classic',
    viewsConfig: { $type: 'EditorService' },
    logLevel: LogLevel.Warning,
    userConfiguration: {
      json: JSON.stringify({ 'workbench.colorTheme': 'Default Dark Modern', 'editor.semanticHighlighting.enabled': true, 'editor.wordBasedSuggestions': 'off' }),
    },
    // Only Monaco's own editor worker (a separate entry of the bundle); no TextMate, no extension host.
    monacoWorkerFactory: (logger) =>
      useWorkerFactory({
        workerLoaders: { editorWorkerService: () => new WorkerLoader(new URL('editor.worker.js', document.baseURI)) },
        ...(logger ? { logger } : {}),
      }),
  });
  await api.start();

  const worker = new Worker(new URL('../../../language-server/src/lsp/main-browser.ts', import.meta.url), { name: 'execsim language server' });
  const client = new LanguageClientWrapper({
    languageId: LANGUAGE_ID,
    clientOptions: { documentSelector: [LANGUAGE_ID] },
    connection: { options: { $type: 'WorkerDirect', worker } },
    logLevel: LogLevel.Warning,
  });
  await client.start();

  const app = new EditorApp({
    codeResources: { modified: { text, uri: SCENARIO_URI, enforceLanguageId: LANGUAGE_ID } },
    languageDef: {
      languageExtensionConfig: { id: LANGUAGE_ID, extensions: ['.execsim'], aliases: ['execsim scenario'] },
      monarchLanguage: execsimMonarch(__EXECSIM_KEYWORDS__),
    },
    editorOptions: {
      theme: 'vs-dark',
      'semanticHighlighting.enabled': true,
      glyphMargin: true,
      minimap: { enabled: false },
      fontSize: 14,
      scrollBeyondLastLine: false,
      automaticLayout: true,
    },
  });
  await app.start(container);
  monaco.languages.setLanguageConfiguration(LANGUAGE_ID, languageConfiguration);
  const editor = app.getEditor();
  if (!editor) throw new Error('the editor did not start');
  return new MonacoEditorHandle(editor);
}

/** What the page asks of the editor: text, markers, the debugger's current line and line breakpoints. */
class MonacoEditorHandle implements EditorHandle {
  private current: monaco.editor.IEditorDecorationsCollection;
  private breakpoints: monaco.editor.IEditorDecorationsCollection;

  constructor(readonly editor: monaco.editor.IStandaloneCodeEditor) {
    this.current = editor.createDecorationsCollection();
    this.breakpoints = editor.createDecorationsCollection();
  }

  private get model(): monaco.editor.ITextModel {
    const m = this.editor.getModel();
    if (!m) throw new Error('the editor has no model');
    return m;
  }

  getText(): string {
    return this.model.getValue();
  }

  setText(text: string): void {
    // An edit the user can undo, not a model swap: nothing typed is lost.
    this.editor.pushUndoStop();
    this.editor.executeEdits('execsim', [{ range: this.model.getFullModelRange(), text }]);
    this.editor.pushUndoStop();
    this.editor.setPosition({ lineNumber: 1, column: 1 });
    this.editor.revealLine(1);
  }

  onDidChange(listener: () => void): void {
    this.model.onDidChangeContent(() => listener());
  }

  diagnostics(): Array<{ line: number; column: number; severity: 'error' | 'warning' | 'info'; message: string }> {
    return monaco.editor.getModelMarkers({ resource: this.model.uri }).map((m) => ({
      line: m.startLineNumber,
      column: m.startColumn,
      severity: m.severity === monaco.MarkerSeverity.Error ? 'error' : m.severity === monaco.MarkerSeverity.Warning ? 'warning' : 'info',
      message: m.message,
    }));
  }

  onDidChangeDiagnostics(listener: () => void): void {
    monaco.editor.onDidChangeMarkers((uris) => {
      if (uris.some((u) => u.toString() === this.model.uri.toString())) listener();
    });
  }

  showCurrentLine(line: number | undefined): void {
    if (line === undefined) {
      this.current.clear();
      return;
    }
    this.current.set([
      {
        range: new monaco.Range(line, 1, line, 1),
        options: { isWholeLine: true, className: 'execsim-current-line', glyphMarginClassName: 'execsim-current-glyph', stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges },
      },
    ]);
    this.editor.revealLineInCenterIfOutsideViewport(line);
  }

  showLineBreakpoints(lines: readonly number[]): void {
    this.breakpoints.set(lines.map((line) => ({ range: new monaco.Range(line, 1, line, 1), options: { glyphMarginClassName: 'execsim-breakpoint-glyph', glyphMarginHoverMessage: { value: 'Breakpoint' } } })));
  }

  onGlyphClick(listener: (line: number) => void): void {
    this.editor.onMouseDown((e) => {
      if (e.target.type === monaco.editor.MouseTargetType.GUTTER_GLYPH_MARGIN && e.target.position) listener(e.target.position.lineNumber);
    });
  }

  focus(): void {
    this.editor.focus();
  }
}
