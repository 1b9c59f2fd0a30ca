/**
 * Every frame of a run, kept as rows of typed columns rather than as objects.
 *
 * A long run makes a frame for each phase it enters and another each time a
 * phase's pseudo-code line moves before an event: about three frames for every
 * four events. As objects (nine fields each) they were a fifth of the memory a
 * run keeps, and every one of them was copied by the garbage collector on its
 * way to the old generation. As rows they cost ~33 bytes and the collector
 * never looks inside the columns.
 *
 * A row is addressed by its index (-1: no frame). The {@link Frame} objects the
 * debugger and the traces read are made from rows when first asked for and
 * then kept, so asking twice gives the same object.
 */
import type { PhaseInfo } from '../catalogue/types.js';
import type { Pid, Tid } from '../model/state.js';
import type { ActionSpec, ExpectationSpec } from '../scenario/scenario.js';
import type { ActorKind, Frame } from './events.js';
import { ActionFrame, ExpectationFrame } from './statement-frame.js';

const ACTION = 0;
const EXPECT = 1;
const ACTOR = 2;
const PHASE = 3;

/** What an actor row refers to. */
interface ActorRef {
  readonly actor: ActorKind;
  readonly label: string;
}

type Ref = ActionSpec | ExpectationSpec | ActorRef | PhaseInfo;

export class FrameTable {
  private ids = new Int32Array(1024);
  private parents = new Int32Array(1024);
  private depths = new Int32Array(1024);
  private pcs = new Int32Array(1024);
  private pids = new Int32Array(1024);
  private tids = new Int32Array(1024);
  private kinds = new Uint8Array(1024);
  private refs: Ref[] = [];
  /** Frame objects made so far, by row. */
  private objects: Array<Frame | undefined> = [];
  private rows = 0;
  /** Last frame id handed out; ids are shared by the rows of one frame whose line moved. */
  private lastId = 0;

  /** Number of rows. */
  get length(): number {
    return this.rows;
  }

  /** The last frame id handed out (the engine restarts ids from here when it replays a step). */
  get lastFrameId(): number {
    return this.lastId;
  }

  /** Forgets rows from `rows` on and restarts frame ids after `lastId` (a step is about to be replayed). */
  truncate(rows: number, lastId: number): void {
    if (rows < this.rows) {
      this.rows = rows;
      this.refs.length = rows;
      if (this.objects.length > rows) this.objects.length = rows;
    }
    this.lastId = lastId;
  }

  action(spec: ActionSpec, pid: Pid, tid: Tid): number {
    return this.add(++this.lastId, ACTION, -1, 0, 1, pid, tid, spec);
  }

  expectation(spec: ExpectationSpec): number {
    return this.add(++this.lastId, EXPECT, -1, 0, 1, 0, 0, spec);
  }

  actor(parent: number, actor: ActorKind, label: string, pid: Pid, tid: Tid): number {
    return this.add(++this.lastId, ACTOR, parent, parent < 0 ? 0 : this.depths[parent]! + 1, 1, pid, tid, { actor, label });
  }

  /** A phase frame inside `parent`, run by the parent's thread, at its first line. */
  phase(parent: number, info: PhaseInfo): number {
    const pid = parent < 0 ? 0 : this.pids[parent]!;
    const tid = parent < 0 ? 0 : this.tids[parent]!;
    return this.add(++this.lastId, PHASE, parent, parent < 0 ? 0 : this.depths[parent]! + 1, 1, pid, tid, info);
  }

  /** The same frame (same id, same parent) at another pseudo-code line. */
  withPc(row: number, pc: number): number {
    return this.add(this.ids[row]!, this.kinds[row]!, this.parents[row]!, this.depths[row]!, pc, this.pids[row]!, this.tids[row]!, this.refs[row]!);
  }

  isPhase(row: number): boolean {
    return row >= 0 && this.kinds[row] === PHASE;
  }

  pc(row: number): number {
    return this.pcs[row]!;
  }

  pid(row: number): Pid {
    return row < 0 ? 0 : this.pids[row]!;
  }

  tid(row: number): Tid {
    return row < 0 ? 0 : this.tids[row]!;
  }

  /** The phase a phase row runs (its catalogue entry). */
  phaseInfo(row: number): PhaseInfo {
    return this.refs[row] as PhaseInfo;
  }

  /** The actor and label of an actor row. */
  actorOf(row: number): ActorRef {
    return this.refs[row] as ActorRef;
  }

  /** The statement an action row runs. */
  actionOf(row: number): ActionSpec {
    return this.refs[row] as ActionSpec;
  }

  /** The frame object of a row (made once, then kept); null for -1. */
  frame(row: number): Frame | null {
    if (row < 0) return null;
    return (this.objects[row] ??= this.make(row));
  }

  private make(row: number): Frame {
    const id = this.ids[row]!;
    const pid = this.pids[row]!;
    const tid = this.tids[row]!;
    switch (this.kinds[row]) {
      case ACTION:
        return new ActionFrame(id, this.refs[row] as ActionSpec, pid, tid);
      case EXPECT:
        return new ExpectationFrame(id, this.refs[row] as ExpectationSpec);
      case ACTOR: {
        const { actor, label } = this.refs[row] as ActorRef;
        return { kind: 'actor', label: `${actorName(actor)}: ${label}`, pid, tid, actor, pc: this.pcs[row]!, id, parent: this.frame(this.parents[row]!), depth: this.depths[row]! };
      }
      default: {
        const info = this.refs[row] as PhaseInfo;
        return { kind: 'phase', label: info.title, pid, tid, phase: info.id, pc: this.pcs[row]!, id, parent: this.frame(this.parents[row]!), depth: this.depths[row]! };
      }
    }
  }

  private add(id: number, kind: number, parent: number, depth: number, pc: number, pid: Pid, tid: Tid, ref: Ref): number {
    const row = this.rows;
    if (row === this.ids.length) this.grow();
    this.ids[row] = id;
    this.kinds[row] = kind;
    this.parents[row] = parent;
    this.depths[row] = depth;
    this.pcs[row] = pc;
    this.pids[row] = pid;
    this.tids[row] = tid;
    this.refs.push(ref);
    this.rows = row + 1;
    return row;
  }

  private grow(): void {
    const n = this.ids.length * 2;
    const int = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.ids = int(this.ids);
    this.parents = int(this.parents);
    this.depths = int(this.depths);
    this.pcs = int(this.pcs);
    this.pids = int(this.pids);
    this.tids = int(this.tids);
    const k = new Uint8Array(n);
    k.set(this.kinds);
    this.kinds = k;
  }
}

export function actorName(actor: ActorKind): string {
  switch (actor) {
    case 'exec-server':
      return 'exec server';
    case 'fs':
      return 'fs';
    case 'new-program':
      return 'new program';
    default:
      return actor;
  }
}
