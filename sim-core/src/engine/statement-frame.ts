/**
 * The outermost frame of a call chain: a scenario statement or an
 * expectation. Its label (`shell: execve /bin/su ["su", "-"]`) is rendered the
 * first time it is read: a long run records hundreds of thousands of these
 * and shows few, and rendering each one eagerly was a fifth of the cost of a
 * simple statement. Serialises (JSON) like a plain frame.
 */
import { describeAction, describeExpectation } from '../scenario/describe.js';
import type { ActionSpec, ExpectationSpec, SourceLoc } from '../scenario/scenario.js';
import type { Frame } from './events.js';
import type { Pid, Tid } from '../model/state.js';

export class ActionFrame implements Frame {
  readonly kind = 'action' as const;
  readonly parent = null;
  readonly depth = 0;
  readonly pc = 1;
  readonly #spec: ActionSpec;
  #label: string | undefined;

  constructor(
    readonly id: number,
    spec: ActionSpec,
    readonly pid: Pid,
    readonly tid: Tid,
  ) {
    this.#spec = spec;
  }

  get label(): string {
    return (this.#label ??= describeAction(this.#spec));
  }

  get action(): number {
    return this.#spec.index;
  }

  get loc(): SourceLoc | undefined {
    return this.#spec.loc;
  }

  toJSON(): Frame {
    return { id: this.id, kind: this.kind, parent: null, depth: 0, label: this.label, pid: this.pid, tid: this.tid, action: this.action, ...(this.loc ? { loc: this.loc } : {}), pc: 1 };
  }
}

export class ExpectationFrame implements Frame {
  readonly kind = 'expect' as const;
  readonly parent = null;
  readonly depth = 0;
  readonly pc = 1;
  readonly pid = 0;
  readonly tid = 0;
  readonly #spec: ExpectationSpec;
  #label: string | undefined;

  constructor(
    readonly id: number,
    spec: ExpectationSpec,
  ) {
    this.#spec = spec;
  }

  get label(): string {
    return (this.#label ??= describeExpectation(this.#spec));
  }

  get expectation(): number {
    return this.#spec.index;
  }

  get loc(): SourceLoc | undefined {
    return this.#spec.loc;
  }

  toJSON(): Frame {
    return { id: this.id, kind: this.kind, parent: null, depth: 0, label: this.label, pid: 0, tid: 0, expectation: this.expectation, ...(this.loc ? { loc: this.loc } : {}), pc: 1 };
  }
}
