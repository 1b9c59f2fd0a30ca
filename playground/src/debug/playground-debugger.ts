/**
 * The page's debugger: drives one ExecsimDebugSession over DAP (dap-client.ts)
 * the way VS Code does — initialize, breakpoints on `initialized`,
 * configurationDone, launch — and shows each stop in the panels: call stack,
 * variables tree, the current line in the editor, output in the console.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DapClient } from './dap-client.js';
import type { BreakpointsPanel } from './breakpoints-panel.js';
import type { CallStackPanel } from './call-stack-panel.js';
import type { VariablesTree } from './variables-tree.js';

export const SCENARIO_PATH = '/playground/scenario.execsim';

export type DebugState = 'idle' | 'starting' | 'running' | 'stopped' | 'ended';

export interface DebuggerView {
  readonly breakpoints: BreakpointsPanel;
  readonly stack: CallStackPanel;
  readonly variables: VariablesTree;
  /** Appends adapter output to the console. */
  print(text: string, category: string): void;
  showCurrentLine(line: number | undefined): void;
  stateChanged(state: DebugState, detail: string): void;
}

export class PlaygroundDebugger {
  private client: DapClient | undefined;
  private threadId = 0;
  private stateValue: DebugState = 'idle';
  /** Resolves after every stop has been shown (the tests and the benchmark wait on it). */
  private shown: Promise<void> = Promise.resolve();

  constructor(
    private readonly view: DebuggerView,
    private readonly scenarioText: () => string,
  ) {
    view.breakpoints.onChange(() => void this.sendBreakpoints());
    view.stack.onSelect((frame) => void this.showFrame(frame));
  }

  get state(): DebugState {
    return this.stateValue;
  }

  /** The stop currently shown, settled. */
  settled(): Promise<void> {
    return this.shown;
  }

  /** F5: start a session, or continue the one that is stopped. */
  async startOrContinue(): Promise<void> {
    if (this.stateValue === 'stopped') return this.command('continue');
    if (this.stateValue === 'starting' || this.stateValue === 'running') return;
    await this.start();
  }

  async start(): Promise<void> {
    this.client?.dispose();
    this.setState('starting', 'Starting…');
    this.view.stack.clear();
    this.view.variables.clear();
    const { DapClient } = await import(/* webpackChunkName: "debugger" */ './dap-client.js');
    const text = this.scenarioText();
    const client = new DapClient(new Map([[SCENARIO_PATH, () => text]]));
    this.client = client;
    client.onEvent((e) => this.onEvent(client, e));
    const initialized = new Promise<void>((resolve) => {
      const off = client.onEvent((e) => {
        if (e.event === 'initialized') off(), resolve();
      });
    });
    try {
      await client.request('initialize', {
        clientID: 'execsim-playground',
        clientName: 'execsim playground',
        adapterID: 'execsim',
        linesStartAt1: true,
        columnsStartAt1: true,
        pathFormat: 'path',
        supportsVariableType: true,
        supportsVariablePaging: true,
        supportsInvalidatedEvent: true,
      });
      const launched = client.request('launch', { type: 'execsim', request: 'launch', name: 'playground', scenario: SCENARIO_PATH, stopOnEntry: this.view.breakpoints.phases.length === 0 && this.view.breakpoints.lines.length === 0 });
      await Promise.race([initialized, launched]);
      await initialized;
      await this.sendBreakpoints();
      await client.request('configurationDone');
      await launched;
      if (this.stateValue === 'starting') this.setState('running', 'Running…');
    } catch (e) {
      if (this.client === client) this.setState('ended', e instanceof Error ? e.message.split('\n')[0]! : String(e));
      this.view.print(`${e instanceof Error ? e.message : String(e)}\n`, 'stderr');
    }
  }

  async command(command: 'continue' | 'next' | 'stepIn' | 'stepOut' | 'stepBack' | 'reverseContinue'): Promise<void> {
    const client = this.client;
    if (!client || this.stateValue !== 'stopped') return;
    this.setState('running', 'Running…');
    try {
      await client.request(command, { threadId: this.threadId });
    } catch (e) {
      this.view.print(`${e instanceof Error ? e.message : String(e)}\n`, 'stderr');
      this.setState('stopped', 'Stopped');
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      await client.request('disconnect', { restart: false });
    } catch {
      // The session may already have ended; the page forgets it either way.
    }
    this.end('Stopped by you');
  }

  private end(detail: string): void {
    this.client?.dispose();
    this.client = undefined;
    this.view.showCurrentLine(undefined);
    this.setState('ended', detail);
  }

  private setState(state: DebugState, detail: string): void {
    this.stateValue = state;
    this.view.stateChanged(state, detail);
  }

  private async sendBreakpoints(): Promise<void> {
    const client = this.client;
    if (!client || this.stateValue === 'ended' || this.stateValue === 'idle') return;
    const bp = this.view.breakpoints;
    const [fn, lines] = await Promise.all([
      client.request<DebugProtocol.SetFunctionBreakpointsResponse>('setFunctionBreakpoints', { breakpoints: bp.phases.map((name) => ({ name })) }),
      client.request<DebugProtocol.SetBreakpointsResponse>('setBreakpoints', { source: { path: SCENARIO_PATH, name: 'scenario.execsim' }, breakpoints: bp.lines.map((line) => ({ line })) }),
    ]);
    const verdict = (b: DebugProtocol.Breakpoint) => ({ verified: b.verified, ...(b.message ? { message: b.message } : {}) });
    bp.setVerdicts(fn.breakpoints.map(verdict), lines.breakpoints.map(verdict));
  }

  private onEvent(client: DapClient, e: DebugProtocol.Event): void {
    if (client !== this.client) return;
    switch (e.event) {
      case 'stopped': {
        const body = (e as DebugProtocol.StoppedEvent).body;
        this.threadId = body.threadId ?? this.threadId;
        this.shown = this.showStop(client, body).catch((err: unknown) => {
          // The stop stands even if a panel could not be filled; say why.
          this.view.print(`${err instanceof Error ? err.message : String(err)}\n`, 'stderr');
          if (client === this.client) this.setState('stopped', `Paused: ${body.description ?? body.reason}`);
        });
        break;
      }
      case 'continued':
        this.setState('running', 'Running…');
        break;
      case 'output': {
        const body = (e as DebugProtocol.OutputEvent).body;
        if (body.category !== 'telemetry') this.view.print(body.output, body.category ?? 'console');
        break;
      }
      case 'terminated':
        this.end('The scenario has ended');
        break;
      default:
        break;
    }
  }

  private async showStop(client: DapClient, stop: DebugProtocol.StoppedEvent['body']): Promise<void> {
    const [threads, trace] = await Promise.all([
      client.request<DebugProtocol.ThreadsResponse>('threads'),
      client.request<DebugProtocol.StackTraceResponse>('stackTrace', { threadId: this.threadId, startFrame: 0, levels: 50 }),
    ]);
    if (client !== this.client) return;
    const thread = threads.threads.find((t) => t.id === this.threadId);
    const top = trace.stackFrames[0];
    this.view.stack.show(thread?.name ?? `thread ${this.threadId}`, trace.stackFrames, top?.id ?? 0);
    const statement = trace.stackFrames.find((f) => f.source?.path === SCENARIO_PATH);
    this.view.showCurrentLine(statement?.line);
    if (top) await this.showFrame(top);
    else this.view.variables.clear();
    this.setState('stopped', `Paused: ${stop.description ?? stop.reason}`);
  }

  private async showFrame(frame: DebugProtocol.StackFrame): Promise<void> {
    const client = this.client;
    if (!client) return;
    const { scopes } = await client.request<DebugProtocol.ScopesResponse>('scopes', { frameId: frame.id });
    await this.view.variables.show(scopes, async (args) => (await client.request<DebugProtocol.VariablesResponse>('variables', args)).variables);
  }
}
