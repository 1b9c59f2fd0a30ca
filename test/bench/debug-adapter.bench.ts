/**
 * Debug adapter benchmarks, in-process: the session run inline (as the
 * extension runs it, messages passed as objects) and an in-process server
 * (the same session behind TCP on 127.0.0.1, messages framed as JSON):
 * - step → stopped round trip, and its ratio to a request that does next to
 *   nothing (threads) on the same connection;
 * - stackTrace + scopes + the first 100 rows of a 1M-entry fd table;
 * - stepBack with 100k events of history against 10 events.
 * Steps are measured on a computed tape (step back, then time the step in
 * again); the first pass through an exec also runs the simulation and is
 * reported separately.
 */
import * as net from 'node:net';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ExecsimDebugSession, type DebugHost, type ScenarioLoader } from '../../debug-adapter/src/index.js';
import { startServer } from '../../debug-adapter/src/node/server.js';
import type { Scenario } from '../../sim-core/src/index.js';
import { scenario } from '../support/scenario-builder.js';
import { shellTask, suNodes } from '../support/linux-world.js';
import { fmt, measure, median, type BenchResult, type BenchSuite } from './harness.js';

/** Scenarios handed to the session as objects (no file, no JSON): the loader just returns them. */
function hostWith(scenarios: Record<string, Scenario>): DebugHost {
  const loader: ScenarioLoader = {
    name: 'in-memory scenario',
    extensions: ['.mem'],
    load: async (path) => ({ ok: true, scenario: scenarios[path]!, statementSource: path, diagnostics: [] }),
  };
  return { loaders: [loader], readFile: async () => '' };
}

interface Client {
  request<T = unknown>(command: string, args?: unknown): Promise<T>;
  /** Sends a request that resumes and resolves at the stop it causes. */
  step(command: string, args: unknown): Promise<void>;
}

/** The session inline: requests in, messages out, all in one call stack. */
class Inline implements Client {
  private seq = 1;
  readonly session: ExecsimDebugSession;
  private readonly waiting = new Map<number, (r: DebugProtocol.Response) => void>();
  private stopped: (() => void) | undefined;

  constructor(host: DebugHost) {
    this.session = new ExecsimDebugSession(host);
    this.session.onDidSendMessage((m) => {
      const msg = m as DebugProtocol.ProtocolMessage;
      if (msg.type === 'response') this.waiting.get((msg as DebugProtocol.Response).request_seq)?.(msg as DebugProtocol.Response);
      else if ((msg as DebugProtocol.Event).event === 'stopped') this.stopped?.();
    });
  }

  /** Synchronous round trip (every request but launch and restart answers at once). */
  now<T>(command: string, args: unknown = {}): T {
    let answer: DebugProtocol.Response | undefined;
    const seq = this.seq++;
    this.waiting.set(seq, (r) => (answer = r));
    this.session.handleMessage({ seq, type: 'request', command, arguments: args } as DebugProtocol.Request);
    this.waiting.delete(seq);
    if (!answer) throw new Error(`${command} was not answered at once`);
    if (!answer.success) throw new Error(`${command}: ${answer.message}`);
    return answer.body as T;
  }

  /** A resuming request whose stop arrives within the same call (short runs finish in one slice). */
  stepNow(command: string, args: unknown): void {
    let stopped = false;
    this.stopped = () => (stopped = true);
    this.now(command, args);
    this.stopped = undefined;
    if (!stopped) throw new Error(`${command} did not stop at once`);
  }

  request<T>(command: string, args: unknown = {}): Promise<T> {
    const seq = this.seq++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(seq, (r) => {
        this.waiting.delete(seq);
        if (r.success) resolve(r.body as T);
        else reject(new Error(`${command}: ${r.message}`));
      });
      this.session.handleMessage({ seq, type: 'request', command, arguments: args } as DebugProtocol.Request);
    });
  }

  step(command: string, args: unknown): Promise<void> {
    const stop = new Promise<void>((resolve) => (this.stopped = resolve));
    return this.request(command, args).then(() => stop);
  }
}

/** A bare DAP client over TCP: Content-Length framing, nothing else. */
class Tcp implements Client {
  private seq = 1;
  private buffer = Buffer.alloc(0);
  private readonly waiting = new Map<number, (r: DebugProtocol.Response) => void>();
  private stopped: (() => void) | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (data) => {
      this.buffer = Buffer.concat([this.buffer, data]);
      for (;;) {
        const end = this.buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/Content-Length: (\d+)/.exec(this.buffer.subarray(0, end).toString())![1]);
        if (this.buffer.length < end + 4 + length) return;
        const msg = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString()) as DebugProtocol.ProtocolMessage;
        this.buffer = this.buffer.subarray(end + 4 + length);
        if (msg.type === 'response') this.waiting.get((msg as DebugProtocol.Response).request_seq)?.(msg as DebugProtocol.Response);
        else if ((msg as DebugProtocol.Event).event === 'stopped') this.stopped?.();
      }
    });
  }

  static connect(port: number): Promise<Tcp> {
    return new Promise((resolve) => {
      const socket = net.createConnection(port, '127.0.0.1', () => resolve(new Tcp(socket)));
      socket.setNoDelay(true);
    });
  }

  request<T>(command: string, args: unknown = {}): Promise<T> {
    const seq = this.seq++;
    const json = JSON.stringify({ seq, type: 'request', command, arguments: args });
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(seq, (r) => {
        this.waiting.delete(seq);
        if (r.success) resolve(r.body as T);
        else reject(new Error(`${command}: ${r.message}`));
      });
      this.socket.write(`Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`);
    });
  }

  step(command: string, args: unknown): Promise<void> {
    const stop = new Promise<void>((resolve) => (this.stopped = resolve));
    return this.request(command, args).then(() => stop);
  }

  close(): void {
    this.socket.end();
  }
}

async function launch(c: Client, args: Record<string, unknown>, configure: (c: Client) => Promise<unknown> = async () => undefined): Promise<void> {
  await c.request('initialize', { adapterID: 'execsim', pathFormat: 'path' });
  const stop = c.step('launch', args);
  await c.request('setExceptionBreakpoints', { filters: [] }).catch(() => undefined);
  await configure(c);
  await c.request('configurationDone');
  await stop;
}

/** Median of `runs` timed async calls after `warmup` untimed ones; `setup` runs untimed before each. */
async function measureAsync(name: string, fn: () => Promise<unknown>, opts: { runs: number; warmup: number; setup?: () => Promise<unknown> }): Promise<BenchResult> {
  const times: number[] = [];
  for (let i = 0; i < opts.warmup + opts.runs; i++) {
    await opts.setup?.();
    const t0 = performance.now();
    await fn();
    if (i >= opts.warmup) times.push(performance.now() - t0);
  }
  return { name, median: median(times), runs: times, unit: 'ms' };
}

function execs(n: number): Scenario {
  return scenario({
    nodes: suNodes(),
    tasks: [shellTask({ threads: [] })],
    steps: Array.from({ length: n }, () => ({ task: 'shell', call: 'execve' as const, path: '/bin/true', argv: ['true'] })),
  });
}

/** n cheap statements (umask), about 4 events each. */
function umasks(n: number): Scenario {
  return scenario({ nodes: suNodes(), tasks: [shellTask({ threads: [] })], steps: Array.from({ length: n }, (_, i) => ({ task: 'shell', call: 'umask' as const, mask: i % 2 ? 0o22 : 0o77 })) });
}

function bigFdTable(n: number): Scenario {
  const fds = Array.from({ length: n }, (_, fd) => (fd === 0 ? { fd, target: { path: '/etc/motd' } } : { fd, dupOf: 0 }));
  return scenario({ nodes: suNodes(), tasks: [shellTask({ fds, threads: [] })], steps: [{ task: 'shell', call: 'close', fd: 5 }] });
}

const suite: BenchSuite = {
  name: 'debug adapter',
  async run(report) {
    const out: BenchResult[] = [];
    const show = (r: BenchResult, note = '') => {
      out.push(r);
      report(`  ${r.name.padEnd(62)} median ${fmt(r.median).padStart(10)}${note ? `  ${note}` : ''}`);
    };
    const scenarios = { 'execs.mem': execs(400), 'fds.mem': bigFdTable(1 << 20), 'long.mem': umasks(33_400), 'short.mem': umasks(3) };
    const host = hostWith(scenarios);

    // ---- step → stopped, and a no-op request on the same connection
    const inline = new Inline(host);
    await launch(inline, { scenario: 'execs.mem', stopOnEntry: true });
    show(measure('stepIn → stopped, first pass (runs the simulation), inline', () => inline.stepNow('stepIn', { threadId: 2 }), { runs: 1001, warmup: 50 }));
    const stepInline = measure('stepIn → stopped, inline', () => inline.stepNow('stepIn', { threadId: 2 }), { runs: 2001, warmup: 200, setup: () => inline.stepNow('stepBack', { threadId: 2 }) });
    const noopInline = measure('threads (next to nothing), inline', () => inline.now('threads'), { runs: 2001, warmup: 200 });
    show(stepInline, '(target ≤ 1 ms)');
    show(noopInline);
    report(`  ratio step / no-op, inline: ${(stepInline.median / noopInline.median).toFixed(1)}× — no framing: the no-op is a function call`);

    const server = await startServer(0, host);
    const tcp = await Tcp.connect((server.address() as net.AddressInfo).port);
    await launch(tcp, { scenario: 'execs.mem', stopOnEntry: true });
    for (let i = 0; i < 300; i++) await tcp.step('stepIn', { threadId: 2 });
    const stepTcp = await measureAsync('stepIn → stopped, in-process server (TCP)', () => tcp.step('stepIn', { threadId: 2 }), { runs: 1001, warmup: 100, setup: () => tcp.step('stepBack', { threadId: 2 }) });
    const noopTcp = await measureAsync('threads (next to nothing), in-process server (TCP)', () => tcp.request('threads'), { runs: 1001, warmup: 100 });
    show(stepTcp, '(target ≤ 1 ms)');
    show(noopTcp);
    report(`  ratio step / no-op on the same connection: ${(stepTcp.median / noopTcp.median).toFixed(2)}× (goal ≤ 3×)`);
    tcp.close();
    server.close();

    // ---- a 1M-entry fd table
    report('  (launching a scenario with a 1M-entry fd table: sim-core builds the initial state one fd at a time, ~10 s)');
    const t0 = Date.now();
    const big = new Inline(host);
    await launch(big, { scenario: 'fds.mem', stopOnEntry: true });
    report(`  (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    show(
      measure(
        'stackTrace + scopes + first 100 rows, 1M-entry fd table, inline',
        () => {
          const frames = big.now<DebugProtocol.StackTraceResponse['body']>('stackTrace', { threadId: 2 }).stackFrames;
          const scopes = big.now<DebugProtocol.ScopesResponse['body']>('scopes', { frameId: frames[0]!.id }).scopes;
          const fdTable = scopes.find((s) => s.name === 'FD table')!;
          const rows = big.now<DebugProtocol.VariablesResponse['body']>('variables', { variablesReference: fdTable.variablesReference, filter: 'indexed', start: 0, count: 100 }).variables;
          if (rows.length !== 100 || fdTable.indexedVariables !== 1 << 20) throw new Error('wrong page');
        },
        { runs: 201, warmup: 20 },
      ),
      '(target ≤ 5 ms)',
    );

    // ---- stepBack with a long and a short history: stopped on a statement near the end of each
    const atStatement = async (name: string, line: number): Promise<Inline> => {
      const c = new Inline(host);
      await launch(c, { scenario: name }, (x) => x.request('setBreakpoints', { source: { path: name }, breakpoints: [{ line }] }));
      await c.request('setBreakpoints', { source: { path: name }, breakpoints: [] });
      return c;
    };
    // scenario-builder puts statement i on line 101 + i.
    const long = await atStatement('long.mem', 101 + 33_390);
    const short = await atStatement('short.mem', 101 + 2);
    const position = (c: Inline) => {
      const top = c.now<DebugProtocol.StackTraceResponse['body']>('stackTrace', { threadId: 2 }).stackFrames[0]!;
      const ev = c.now<DebugProtocol.ScopesResponse['body']>('scopes', { frameId: top.id }).scopes.find((s) => s.name === 'Event')!;
      return c.now<DebugProtocol.VariablesResponse['body']>('variables', { variablesReference: ev.variablesReference }).variables.find((v) => v.name === 'seq')!.value;
    };
    report(`  (histories: event ${position(long)} and event ${position(short)})`);
    const back = (c: Inline, name: string) => measure(name, () => c.stepNow('stepBack', { threadId: 2 }), { runs: 2001, warmup: 200, setup: () => c.stepNow('next', { threadId: 2 }) });
    // A pass over both first: the one measured first otherwise pays for compiling the step path.
    back(long, 'warm-up');
    back(short, 'warm-up');
    const backLong = back(long, 'stepBack, ~100k events of history, inline');
    const backShort = back(short, 'stepBack, ~10 events of history, inline');
    show(backLong);
    show(backShort);
    report(`  ratio 100k / 10: ${(backLong.median / backShort.median).toFixed(2)}× (goal ≤ 1.5×)`);
    return out;
  },
};

export default suite;
