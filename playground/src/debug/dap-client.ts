/**
 * The page's side of the Debug Adapter Protocol: the same ExecsimDebugSession
 * the extension runs inline, fed DAP messages through handleMessage and
 * answering through onDidSendMessage (its vscode.DebugAdapter shape). The
 * host serves the editor's text as the scenario file; traces are not written.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ExecsimDebugSession, defaultLoaders, type DebugHost } from '../../../debug-adapter/src/index.js';
import { execsimScenarioLoader } from '../../../language-server/src/language/scenario-loader.js';

/** An error response from the adapter, with its message as the user should read it. */
export class DapError extends Error {}

type EventListener = (event: DebugProtocol.Event) => void;

export class DapClient {
  private readonly session: ExecsimDebugSession;
  private seq = 1;
  private readonly pending = new Map<number, (r: DebugProtocol.Response) => void>();
  private readonly listeners = new Set<EventListener>();
  /** Every message both ways, newest last (the protocol log panel and the tests read it). */
  readonly log: DebugProtocol.ProtocolMessage[] = [];

  constructor(files: ReadonlyMap<string, () => string>) {
    const host: DebugHost = {
      readFile: async (path) => {
        const read = files.get(path);
        if (!read) throw new Error(`no such file in the playground: ${path}`);
        return read();
      },
      loaders: [...defaultLoaders(), execsimScenarioLoader],
    };
    this.session = new ExecsimDebugSession(host);
    this.session.onDidSendMessage((m) => this.receive(m as DebugProtocol.ProtocolMessage));
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends a request; resolves with the response body, rejects with DapError on an error response. */
  request<R extends DebugProtocol.Response>(command: string, args?: object): Promise<R['body']> {
    const request: DebugProtocol.Request = { seq: this.seq++, type: 'request', command, ...(args ? { arguments: args } : {}) };
    return new Promise((resolve, reject) => {
      this.pending.set(request.seq, (r) => {
        if (r.success) resolve(r.body as R['body']);
        else reject(new DapError((r as DebugProtocol.ErrorResponse).body?.error?.format ?? r.message ?? `${command} failed`));
      });
      this.log.push(request);
      this.session.handleMessage(request);
    });
  }

  dispose(): void {
    this.session.dispose();
    this.listeners.clear();
    for (const resolve of this.pending.values()) resolve({ seq: 0, type: 'response', request_seq: 0, command: 'cancelled', success: false, message: 'the session was closed' });
    this.pending.clear();
  }

  private receive(message: DebugProtocol.ProtocolMessage): void {
    this.log.push(message);
    if (message.type === 'response') {
      const r = message as DebugProtocol.Response;
      const done = this.pending.get(r.request_seq);
      this.pending.delete(r.request_seq);
      done?.(r);
    } else if (message.type === 'event') {
      for (const l of [...this.listeners]) l(message as DebugProtocol.Event);
    }
  }
}
