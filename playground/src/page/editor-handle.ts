/** What the page needs from the editor; the editor chunk (editor/scenario-editor.ts) implements it. */
export interface EditorDiagnostic {
  readonly line: number;
  readonly column: number;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
}

export interface EditorHandle {
  getText(): string;
  /** Replaces the text as an undoable edit. */
  setText(text: string): void;
  onDidChange(listener: () => void): void;
  diagnostics(): EditorDiagnostic[];
  onDidChangeDiagnostics(listener: () => void): void;
  /** The line the debugger stopped on (1-based), or none. */
  showCurrentLine(line: number | undefined): void;
  showLineBreakpoints(lines: readonly number[]): void;
  /** A click in the glyph margin: toggles a line breakpoint. */
  onGlyphClick(listener: (line: number) => void): void;
  focus(): void;
}
