/**
 * Evaluation of query expressions against one state (and the event that led
 * to it): `shell.fd[3]`, `shell.euid == 0`, `ports(shell)`, `len(shell.fds) > 3`,
 * `$phase == "linux.close_on_exec"`. Evaluation never changes anything;
 * changes go through a value's setter (planEdit).
 */
import type { SimEvent } from '../engine/events.js';
import { isErrno } from '../model/errno.js';
import { isSignalName } from '../model/signals.js';
import type { KernelState, Task } from '../model/state.js';
import { QueryError } from './errors.js';
import type { StateInspector } from './inspector.js';
import { parse, type Expr } from './syntax.js';
import { bool, equalityKey, fieldPath, indexPath, none, num, str, truthy, type EditPlan, type QValue } from './values.js';
import { fdTable, taskBehind, taskPath, taskValue } from './views.js';

export interface QueryContext {
  readonly state: KernelState;
  /** The personality's additions (port namespaces, …). */
  readonly inspector?: StateInspector;
  /** The event the state follows, for `$seq`, `$phase`, `$errno`, `$pid`, `$event`. */
  readonly event?: SimEvent;
}

/** Functions of the language, with a one-line description for help and completion. */
export const FUNCTIONS: Readonly<Record<string, string>> = {
  task: 'task(pid) or task("name"): a process',
  ports: 'ports(task): the task\'s port namespace (Hurd)',
  fds: 'fds(task): the task\'s fd table',
  len: 'len(x): number of entries of a table or list, length of a string',
};

/** Variables about the event at the cursor. */
export const EVENT_VARIABLES: Readonly<Record<string, string>> = {
  $seq: 'number of the event at the cursor',
  $event: 'kind of that event (phase-entered, fd-closed, …)',
  $phase: 'id of the innermost phase running, or null',
  $errno: 'the error of that event (a failing phase, a returned error), or null',
  $pid: 'pid of the task that event happened in, or null',
  $line: 'scenario line of the statement running, or null',
};

export const CONSTANTS = ['true', 'false', 'null', 'closed'];

/** Parses once; evaluate the result many times (breakpoint conditions). */
export function compile(text: string): Expr {
  return parse(text);
}

export function evaluate(expr: string | Expr, ctx: QueryContext): QValue {
  return evalExpr(typeof expr === 'string' ? parse(expr) : expr, ctx);
}

/** Evaluates a condition: true, false, or the QueryError thrown. */
export function holds(expr: Expr, ctx: QueryContext): boolean {
  return truthy(evalExpr(expr, ctx));
}

/** What can be changed mid-run on this system, for messages about what cannot. */
export function editableSummary(inspector: StateInspector | undefined): string {
  if (inspector?.ownsTaskState) {
    return `these can: an fd's cloexec${inspector.portNamespace ? ', a port name (to dropped) and its send references' : ''} (fds and credentials live in the system's own state here)`;
  }
  return "these can: an fd (to closed), its cloexec, credentials (uid … fsgid, groups), umask, noNewPrivs";
}

/** Plans the change of the value an expression names (`shell.fd[3].cloexec` to `false`). */
export function planEdit(expr: string, newValue: string, ctx: QueryContext): EditPlan {
  const v = evaluate(expr, ctx);
  if (!v.set) throw new QueryError(`${v.path ?? expr} cannot be changed`, undefined, editableSummary(ctx.inspector));
  return v.set(newValue);
}

function taskNames(state: KernelState): string[] {
  return Object.keys(state.names).filter((n) => state.tasks.has(state.names[n]!));
}

function portsOf(ctx: QueryContext, task: Task, at: number): QValue {
  const path = `ports(${taskPath(ctx.state, task)})`;
  const ns = ctx.inspector?.portNamespace?.(ctx.state, task, path);
  if (!ns) {
    throw new QueryError(
      `${task.name} has no port namespace`,
      at,
      ctx.state.system === 'hurd' ? 'its task has no port rights yet' : `Mach port namespaces exist on the Hurd; this scenario runs on ${ctx.state.system}`,
    );
  }
  return ns;
}

function taskArg(ctx: QueryContext, v: QValue, fn: string, at: number): Task {
  const t = taskBehind(v);
  if (!t) throw new QueryError(`${fn}() takes a task, not ${article(v)}`, at, `e.g. ${fn}(${taskNames(ctx.state)[0] ?? 'shell'})`);
  return t;
}

function article(v: QValue): string {
  const t = v.type;
  // "an fd", "an uid"? No: "a uid" — go by the sound of the first letter.
  return `${/^([aeio]|u(?!i)|fd)/i.test(t) ? 'an' : 'a'} ${t}`;
}

function valueOfName(name: string, at: number, ctx: QueryContext): QValue {
  const { state, event } = ctx;
  if (name.startsWith('$')) return eventVariable(name, at, event);
  const pid = state.names[name];
  if (pid !== undefined) {
    const task = state.tasks.get(pid);
    if (task) return taskValue(state, task, ctx.inspector);
  }
  switch (name) {
    case 'true':
      return bool(true);
    case 'false':
      return bool(false);
    case 'null':
      return none('null');
    case 'closed':
      return none('closed');
  }
  if (isErrno(name)) return str(name, { type: 'errno' });
  if (isSignalName(name)) return str(name, { type: 'signal' });
  if (name in FUNCTIONS) throw new QueryError(`${name} is a function`, at, FUNCTIONS[name]);
  const names = taskNames(state);
  throw new QueryError(`no task named "${name}"`, at, names.length ? `tasks now: ${names.join(', ')}; functions: ${Object.keys(FUNCTIONS).join(', ')}` : 'no task exists at this point');
}

function eventVariable(name: string, at: number, event: SimEvent | undefined): QValue {
  if (!(name in EVENT_VARIABLES)) throw new QueryError(`unknown variable ${name}`, at, `variables: ${Object.keys(EVENT_VARIABLES).join(', ')}`);
  if (!event) return none('null');
  switch (name) {
    case '$seq':
      return num(event.seq, { type: 'event' });
    case '$event':
      return str(event.kind, { type: 'event kind' });
    case '$phase': {
      for (let f = event.frame; f; f = f.parent) if (f.kind === 'phase' && f.phase) return str(f.phase, { type: 'phase' });
      return none('null');
    }
    case '$errno': {
      if ((event.kind === 'phase-left' || event.kind === 'error-returned') && event.errno) return str(event.errno, { type: 'errno' });
      if (event.kind === 'action-finished' && !event.outcome.ok && 'errno' in event.outcome) return str(event.outcome.errno, { type: 'errno' });
      return none('null');
    }
    case '$pid': {
      if ('pid' in event && typeof event.pid === 'number') return num(event.pid, { type: 'pid' });
      return event.frame && event.frame.pid > 0 ? num(event.frame.pid, { type: 'pid' }) : none('null');
    }
    default: {
      let f = event.frame;
      while (f?.parent) f = f.parent;
      return f?.loc ? num(f.loc.line, { type: 'line' }) : none('null');
    }
  }
}

function evalExpr(e: Expr, ctx: QueryContext): QValue {
  switch (e.k) {
    case 'num':
      return num(e.value);
    case 'str':
      return str(e.value, { display: JSON.stringify(e.value) });
    case 'name':
      return valueOfName(e.name, e.pos, ctx);
    case 'member': {
      const obj = evalExpr(e.object, ctx);
      const task = taskBehind(obj);
      if (task && e.name === 'ports') return portsOf(ctx, task, e.pos);
      if (obj.kind === 'record') {
        const f = obj.field(e.name);
        if (f) return f;
        const names = [...obj.fields().map((x) => x.name), ...(obj.aliases ?? [])];
        throw new QueryError(`${obj.path ?? article(obj)} has no field "${e.name}"`, e.pos + 1, `fields: ${[...new Set(names)].join(', ')}`);
      }
      if (obj.kind === 'table') {
        const m = obj.member?.(e.name);
        if (m) return m;
        if (e.name === 'size' || e.name === 'length') return num(obj.size, { type: 'count' });
        throw new QueryError(`${obj.path ?? article(obj)} has no field "${e.name}"`, e.pos + 1, `index it with [n]; fields: ${[...(obj.members ?? []), 'size'].join(', ')}`);
      }
      if (obj.kind === 'none') throw new QueryError(`${obj.path ?? 'the value'} is ${obj.display}: it has no field "${e.name}"`, e.pos + 1);
      throw new QueryError(`${article(obj)} has no fields`, e.pos + 1);
    }
    case 'index': {
      const obj = evalExpr(e.object, ctx);
      const key = evalExpr(e.index, ctx);
      if (obj.kind === 'table') {
        if (key.kind !== 'number' || !Number.isInteger(key.value)) throw new QueryError(`${obj.type} entries are numbered`, e.pos, `e.g. ${obj.path ?? 'x'}[3]`);
        return obj.at(key.value) ?? none(obj.missing ?? 'none', { type: `${obj.type} entry`, ...(indexPath(obj.path, key.value) !== undefined ? { path: indexPath(obj.path, key.value)! } : {}) });
      }
      if (obj.kind === 'record' && key.kind === 'string') {
        const f = obj.field(key.value);
        if (f) return f;
        throw new QueryError(`${obj.path ?? article(obj)} has no field ${JSON.stringify(key.value)}`, e.pos);
      }
      if (obj.kind === 'none') throw new QueryError(`${obj.path ?? 'the value'} is ${obj.display}: it cannot be indexed`, e.pos);
      throw new QueryError(`${article(obj)} cannot be indexed`, e.pos, obj.kind === 'record' ? 'use .field' : undefined);
    }
    case 'call':
      return call(e.callee, e.args, e.pos, ctx);
    case 'not':
      return bool(!truthy(evalExpr(e.arg, ctx)));
    case 'neg': {
      const v = evalExpr(e.arg, ctx);
      if (v.kind !== 'number') throw new QueryError(`cannot negate ${article(v)}`, e.pos);
      return num(-v.value);
    }
    case 'binary': {
      if (e.op === '&&') return bool(truthy(evalExpr(e.left, ctx)) && truthy(evalExpr(e.right, ctx)));
      if (e.op === '||') return bool(truthy(evalExpr(e.left, ctx)) || truthy(evalExpr(e.right, ctx)));
      const l = evalExpr(e.left, ctx);
      const r = evalExpr(e.right, ctx);
      if (e.op === '==') return bool(equalityKey(l) === equalityKey(r));
      if (e.op === '!=') return bool(equalityKey(l) !== equalityKey(r));
      if ((l.kind === 'number' && r.kind === 'number') || (l.kind === 'string' && r.kind === 'string')) {
        const a = l.value;
        const b = r.value;
        switch (e.op) {
          case '<':
            return bool(a < b);
          case '<=':
            return bool(a <= b);
          case '>':
            return bool(a > b);
          case '>=':
            return bool(a >= b);
        }
      }
      throw new QueryError(`cannot order ${article(l)} and ${article(r)} with ${e.op}`, e.pos, 'ordering compares two numbers or two strings');
    }
  }
}

function call(callee: string, args: readonly Expr[], at: number, ctx: QueryContext): QValue {
  const arity = (n: number) => {
    if (args.length !== n) throw new QueryError(`${callee}() takes ${n} argument${n === 1 ? '' : 's'}, not ${args.length}`, at, FUNCTIONS[callee]);
  };
  switch (callee) {
    case 'task': {
      arity(1);
      const v = evalExpr(args[0]!, ctx);
      let task: Task | undefined;
      if (v.kind === 'number') task = ctx.state.tasks.get(v.value);
      else if (v.kind === 'string') {
        const pid = ctx.state.names[v.value];
        task = pid === undefined ? undefined : ctx.state.tasks.get(pid);
      } else throw new QueryError(`task() takes a pid or a name, not ${article(v)}`, at);
      if (!task) throw new QueryError(`no task ${v.kind === 'number' ? `with pid ${v.value}` : `named ${JSON.stringify((v as { value: string }).value)}`}`, at, `tasks now: ${taskNames(ctx.state).join(', ') || '(none)'}`);
      return taskValue(ctx.state, task, ctx.inspector);
    }
    case 'ports': {
      arity(1);
      return portsOf(ctx, taskArg(ctx, evalExpr(args[0]!, ctx), 'ports', at), at);
    }
    case 'fds': {
      arity(1);
      const task = taskArg(ctx, evalExpr(args[0]!, ctx), 'fds', at);
      return fdTable(ctx.state, task, fieldPath(taskPath(ctx.state, task), 'fd'), ctx.inspector);
    }
    case 'len': {
      arity(1);
      const v = evalExpr(args[0]!, ctx);
      if (v.kind === 'table') return num(v.size, { type: 'count' });
      if (v.kind === 'string') return num(v.value.length, { type: 'count' });
      if (v.kind === 'record') return num(v.fields().length, { type: 'count' });
      if (v.kind === 'none') return num(0, { type: 'count' });
      throw new QueryError(`len() takes a table, a list or a string, not ${article(v)}`, at);
    }
    default:
      throw new QueryError(`unknown function ${callee}()`, at, `functions: ${Object.entries(FUNCTIONS).map(([, d]) => d.split(':')[0]).join(', ')}`);
  }
}
