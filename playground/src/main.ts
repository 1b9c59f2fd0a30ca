/**
 * The playground's first screen: toolbar, examples menu, debug panels and the
 * scenario as plain text. The editor (monaco-vscode stack and the language
 * server worker) and the debugger (sim-core, the adapter, the language) are
 * separate chunks loaded after the first paint.
 */
import './style.css';
import { BreakpointsPanel } from './debug/breakpoints-panel.js';
import { CallStackPanel } from './debug/call-stack-panel.js';
import { PlaygroundDebugger, type DebugState } from './debug/playground-debugger.js';
import { VariablesTree } from './debug/variables-tree.js';
import { debugActionFor, type DebugAction } from './page/debug-keys.js';
import type { EditorHandle } from './page/editor-handle.js';
import { decodeHash, encodeScenario } from './page/scenario-link.js';

const EXAMPLES = __EXECSIM_EXAMPLES__;
const DEFAULT_EXAMPLE = 'close-on-exec';

function element<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`the page has no #${id}`);
  return e as T;
}

/** What the tests and the benchmark read (times are performance.now() milliseconds). */
interface PlaygroundProbe {
  editorReady?: number;
  editorError?: string;
  debugger?: PlaygroundDebugger;
  editor?: EditorHandle;
}
const probe: PlaygroundProbe = {};
(globalThis as { execsimPlayground?: PlaygroundProbe }).execsimPlayground = probe;

const status = element('status');
const consoleView = element('console');
const placeholder = element<HTMLPreElement>('editor-placeholder');
let editor: EditorHandle | undefined;
let text = '';

function setStatus(message: string): void {
  status.textContent = message;
}

function print(output: string, category: string): void {
  const span = document.createElement('span');
  if (category === 'stderr') span.className = 'stderr';
  span.textContent = output;
  consoleView.append(span);
  consoleView.parentElement!.scrollTop = consoleView.parentElement!.scrollHeight;
}

function currentText(): string {
  return editor ? editor.getText() : text;
}

function showText(next: string): void {
  text = next;
  if (editor) editor.setText(next);
  else placeholder.textContent = next;
}

// ------------------------------------------------------------ examples and links

const menu = element<HTMLSelectElement>('examples');
const custom = new Option('(your scenario)', '');
menu.append(custom, ...EXAMPLES.map((e) => new Option(e.name, e.name)));

function openExample(name: string): boolean {
  const example = EXAMPLES.find((e) => e.name === name);
  if (!example) return false;
  menu.value = name;
  showText(example.text);
  history.replaceState(null, '', `#example=${encodeURIComponent(name)}`);
  return true;
}

menu.addEventListener('change', () => {
  if (menu.value) openExample(menu.value);
});

element('share').addEventListener('click', async () => {
  const hash = await encodeScenario(currentText());
  history.replaceState(null, '', `#${hash}`);
  menu.value = '';
  try {
    await navigator.clipboard.writeText(location.href);
    setStatus('Link copied: it holds the whole scenario');
  } catch {
    setStatus('The address now holds the whole scenario: copy it from the address bar');
  }
});

async function openFromAddress(): Promise<void> {
  try {
    const linked = await decodeHash(location.hash);
    if (linked?.kind === 'text') {
      menu.value = '';
      showText(linked.text);
      return;
    }
    if (linked?.kind === 'example' && !openExample(linked.name)) print(`There is no example named “${linked.name}”; showing ${DEFAULT_EXAMPLE}.\n`, 'stderr');
  } catch (e) {
    print(`The scenario in the address could not be read (${e instanceof Error ? e.message : String(e)}); showing ${DEFAULT_EXAMPLE}.\n`, 'stderr');
  }
  if (!text) openExample(EXAMPLES.some((e) => e.name === DEFAULT_EXAMPLE) ? DEFAULT_EXAMPLE : EXAMPLES[0]!.name);
}

// ------------------------------------------------------------ debugger

const breakpoints = new BreakpointsPanel(element('breakpoints'), element<HTMLFormElement>('bp-form'), element<HTMLInputElement>('bp-input'), element('bp-suggestions'), async () => {
  const { phaseCatalogue } = await import(/* webpackChunkName: "catalogue" */ '../../sim-core/src/catalogue/index.js');
  return phaseCatalogue().map((p) => ({ id: p.id, title: p.title }));
});
const stack = new CallStackPanel(element('call-stack'));
const variables = new VariablesTree(element('variables'));

const buttons: Record<DebugAction, HTMLButtonElement> = {
  startOrContinue: element('dbg-start'),
  reverseContinue: element('dbg-reverse'),
  stepBack: element('dbg-back'),
  next: element('dbg-next'),
  stepIn: element('dbg-in'),
  stepOut: element('dbg-out'),
  stop: element('dbg-stop'),
};

function stateChanged(state: DebugState, detail: string): void {
  const stopped = state === 'stopped';
  const live = state === 'stopped' || state === 'running' || state === 'starting';
  buttons.startOrContinue.textContent = stopped ? '▶ Continue' : '▶ Start';
  buttons.startOrContinue.disabled = state === 'starting' || state === 'running';
  for (const a of ['reverseContinue', 'stepBack', 'next', 'stepIn', 'stepOut'] as const) buttons[a].disabled = !stopped;
  buttons.stop.disabled = !live;
  document.body.dataset.debugState = state;
  setStatus(detail);
}

const debuggerView = {
  breakpoints,
  stack,
  variables,
  print,
  showCurrentLine: (line: number | undefined) => editor?.showCurrentLine(line),
  stateChanged,
};
const dbg = new PlaygroundDebugger(debuggerView, currentText);
probe.debugger = dbg;

function run(action: DebugAction): void {
  const go = (): Promise<void> => {
    switch (action) {
      case 'startOrContinue':
        if (dbg.state !== 'stopped') consoleView.replaceChildren();
        return dbg.startOrContinue();
      case 'stop':
        return dbg.stop();
      default:
        return dbg.command(action);
    }
  };
  go().catch((e: unknown) => print(`${e instanceof Error ? e.message : String(e)}\n`, 'stderr'));
}

for (const [action, button] of Object.entries(buttons) as Array<[DebugAction, HTMLButtonElement]>) button.addEventListener('click', () => run(action));
window.addEventListener(
  'keydown',
  (e) => {
    const action = debugActionFor(e);
    if (!action) return;
    e.preventDefault();
    e.stopPropagation();
    if (action === 'startOrContinue' ? !buttons.startOrContinue.disabled : !buttons[action].disabled) run(action);
  },
  true,
);
breakpoints.onChange(() => {
  editor?.showLineBreakpoints(breakpoints.lines);
});

// ------------------------------------------------------------ problems

const problems = element('problems');
function showProblems(): void {
  if (!editor) return;
  problems.replaceChildren(
    ...editor.diagnostics().map((d) => {
      const li = document.createElement('li');
      li.className = d.severity;
      li.textContent = `${d.line}:${d.column} ${d.message}`;
      return li;
    }),
  );
}

// ------------------------------------------------------------ start

async function loadEditor(): Promise<void> {
  const container = element('editor');
  try {
    const { startEditor } = await import(/* webpackChunkName: "editor" */ './editor/scenario-editor.js');
    const handle = await startEditor(container, text);
    placeholder.remove();
    editor = handle;
    probe.editor = handle;
    handle.onDidChange(() => {
      if (menu.value && handle.getText() !== EXAMPLES.find((e) => e.name === menu.value)?.text) menu.value = '';
    });
    handle.onDidChangeDiagnostics(showProblems);
    handle.onGlyphClick((line) => breakpoints.toggleLine(line));
    handle.showLineBreakpoints(breakpoints.lines);
    probe.editorReady = performance.now();
    if (dbg.state === 'idle') setStatus('Ready: F5 starts debugging');
  } catch (e) {
    probe.editorError = e instanceof Error ? e.message : String(e);
    setStatus('The editor could not start; the scenario is shown as text');
    print(`The editor could not start: ${probe.editorError}\n`, 'stderr');
  }
}

void openFromAddress().then(() => requestAnimationFrame(() => setTimeout(() => void loadEditor(), 0)));
