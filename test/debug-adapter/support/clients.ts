/**
 * DebugClient connections for the tests: to an in-process server (the
 * session code runs in the test process) and to the stdio executable, plus
 * a probe that records events and drives the usual request sequences.
 */
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { startServer } from '../../../debug-adapter/src/node/server.js';
import type { DebugHost } from '../../../debug-adapter/src/index.js';
import { REPO_ROOT } from '../../support/golden.js';

export const MAIN = path.join(REPO_ROOT, 'out', 'debug-adapter', 'src', 'node', 'main.js');

export type Transport = 'server' | 'stdio';

export class AdapterServer {
  private constructor(private readonly server: net.Server) {}

  static async start(host?: DebugHost): Promise<AdapterServer> {
    return new AdapterServer(await startServer(0, host));
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export async function connect(transport: Transport, server?: AdapterServer): Promise<Probe> {
  const dc = new DebugClient('node', MAIN, 'execsim', { stdio: 'pipe' });
  dc.defaultTimeout = 10_000;
  if (transport === 'server') await dc.start(server!.port);
  else await dc.start();
  return new Probe(dc);
}

/**
 * The hooks every adapter suite needs: one server for the suite (with the
 * 'server' transport) and a fresh client for each test, stopped after it.
 * `use` is handed the client of the test about to run; `host` is the
 * server's (scenario loaders and file reading).
 */
export function probeEachTest(transport: Transport, use: (p: Probe) => void, host?: DebugHost): void {
  let server: AdapterServer | undefined;
  let p: Probe | undefined;
  before(async () => {
    if (transport === 'server') server = await AdapterServer.start(host);
  });
  after(async () => server?.close());
  beforeEach(async () => {
    p = await connect(transport, server);
    use(p);
  });
  afterEach(async () => p?.stop());
}

export interface LaunchOptions {
  readonly configure?: (p: Probe) => Promise<unknown>;
}

export class Probe {
  readonly events: DebugProtocol.Event[] = [];

  constructor(readonly dc: DebugClient) {
    for (const kind of ['output', 'thread', 'stopped', 'invalidated', 'breakpoint', 'terminated', 'exited', 'initialized']) {
      dc.on(kind, (e: DebugProtocol.Event) => this.events.push(e));
    }
  }

  /** Everything printed so far in a category. */
  output(category = 'stdout'): string {
    return this.events
      .filter((e): e is DebugProtocol.OutputEvent => e.event === 'output' && (e as DebugProtocol.OutputEvent).body.category === category)
      .map((e) => e.body.output)
      .join('');
  }

  threadEvents(): Array<[string, number]> {
    return this.events.filter((e) => e.event === 'thread').map((e) => [(e as DebugProtocol.ThreadEvent).body.reason, (e as DebugProtocol.ThreadEvent).body.threadId]);
  }

  /** initialize, breakpoints (configure) on `initialized`, configurationDone, launch; resolves with the first stop. */
  async launch(args: Record<string, unknown>, options: LaunchOptions = {}): Promise<DebugProtocol.StoppedEvent['body']> {
    const stopped = this.dc.waitForEvent('stopped');
    await Promise.all([
      this.dc.waitForEvent('initialized').then(async () => {
        await options.configure?.(this);
        await this.dc.configurationDoneRequest();
      }),
      this.dc.launch(args),
    ]);
    return ((await stopped) as DebugProtocol.StoppedEvent).body;
  }

  /** Sends a request that resumes and waits for the next stop. */
  async until<T>(request: Promise<T>): Promise<DebugProtocol.StoppedEvent['body']> {
    const stopped = this.dc.waitForEvent('stopped');
    await request;
    return ((await stopped) as DebugProtocol.StoppedEvent).body;
  }

  async stack(threadId: number): Promise<DebugProtocol.StackFrame[]> {
    return (await this.dc.stackTraceRequest({ threadId })).body.stackFrames;
  }

  async top(threadId: number): Promise<DebugProtocol.StackFrame> {
    return (await this.stack(threadId))[0]!;
  }

  async scopes(frameId: number): Promise<DebugProtocol.Scope[]> {
    return (await this.dc.scopesRequest({ frameId })).body.scopes;
  }

  async scope(frameId: number, name: string): Promise<DebugProtocol.Variable[]> {
    const s = (await this.scopes(frameId)).find((x) => x.name === name);
    assert.ok(s, `no scope ${name}`);
    return (await this.dc.variablesRequest({ variablesReference: s.variablesReference })).body.variables;
  }

  async evaluate(expression: string, context = 'watch'): Promise<DebugProtocol.EvaluateResponse['body']> {
    return (await this.dc.evaluateRequest({ expression, context })).body;
  }

  /** The error message of a request that must fail. */
  async failure(request: Promise<unknown>): Promise<string> {
    try {
      await request;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
    assert.fail('the request succeeded');
  }

  stop(): Promise<void> {
    return this.dc.stop();
  }
}
