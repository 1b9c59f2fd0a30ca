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
import { IntRows } from './int-rows.js';

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

/** Fields of a row. */
const ID = 0;
const PARENT = 1;
const DEPTH = 2;
const PC = 3;
const PID = 4;
const TID = 5;
const KIND = 6;
const FIELDS = 7;

export class FrameTable {
  private readonly fields = new IntRows(FIELDS);
  private readonly refs: Ref[] = [];
  /** Frame objects made so far, by row. */
  private objects: Array<Frame | undefined> = [];
  /** Frame objects of phase rows shown at their phase's last line (see {@link frameAtEnd}), by row. */
  private endObjects: Array<Frame | undefined> = [];
  /** Last frame id handed out; ids are shared by the rows of one frame whose line moved. */
  private lastId = 0;

  private field(row: number, f: number): number {
    return this.fields.get(row, f);
  }

  /** Number of rows. */
  get length(): number {
    return this.fields.length;
  }

  /** The last frame id handed out (the engine restarts ids from here when it replays a step). */
  get lastFrameId(): number {
    return this.lastId;
  }

  /** Forgets rows from `rows` on and restarts frame ids after `lastId` (a step is about to be replayed). */
  truncate(rows: number, lastId: number): void {
    if (rows < this.fields.length) {
      this.fields.truncate(rows);
      this.refs.length = rows;
      if (this.objects.length > rows) this.objects.length = rows;
      if (this.endObjects.length > rows) this.endObjects.length = rows;
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
    return this.add(++this.lastId, ACTOR, parent, parent < 0 ? 0 : this.field(parent, DEPTH) + 1, 1, pid, tid, { actor, label });
  }

  /** A phase frame inside `parent`, run by the parent's thread, at its first line. */
  phase(parent: number, info: PhaseInfo): number {
    if (parent < 0) return this.add(++this.lastId, PHASE, -1, 0, 1, 0, 0, info);
    return this.add(++this.lastId, PHASE, parent, this.field(parent, DEPTH) + 1, 1, this.field(parent, PID), this.field(parent, TID), info);
  }

  /** The same frame (same id, same parent) at another pseudo-code line. */
  withPc(row: number, pc: number): number {
    const f = this.fields;
    return this.add(f.get(row, ID), f.get(row, KIND), f.get(row, PARENT), f.get(row, DEPTH), pc, f.get(row, PID), f.get(row, TID), this.refs[row]!);
  }

  isPhase(row: number): boolean {
    return row >= 0 && this.field(row, KIND) === PHASE;
  }

  pc(row: number): number {
    return this.field(row, PC);
  }

  pid(row: number): Pid {
    return row < 0 ? 0 : this.field(row, PID);
  }

  tid(row: number): Tid {
    return row < 0 ? 0 : this.field(row, TID);
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

  /**
   * The frame of phase row `row` at the phase's last pseudo-code line, where
   * every phase that returns is left. Recording "left at the end" against the
   * row the phase already has saves a row per phase (a third of all rows).
   */
  frameAtEnd(row: number): Frame {
    const last = Math.max(1, (this.refs[row] as PhaseInfo).pseudo.length);
    if (this.field(row, PC) === last) return this.frame(row)!;
    return (this.endObjects[row] ??= { ...this.frame(row)!, pc: last });
  }

  private make(row: number): Frame {
    const id = this.field(row, ID);
    const pid = this.field(row, PID);
    const tid = this.field(row, TID);
    const pc = this.field(row, PC);
    const parent = this.frame(this.field(row, PARENT));
    const depth = this.field(row, DEPTH);
    switch (this.field(row, KIND)) {
      case ACTION:
        return new ActionFrame(id, this.refs[row] as ActionSpec, pid, tid);
      case EXPECT:
        return new ExpectationFrame(id, this.refs[row] as ExpectationSpec);
      case ACTOR: {
        const { actor, label } = this.refs[row] as ActorRef;
        return { kind: 'actor', label: `${actorName(actor)}: ${label}`, pid, tid, actor, pc, id, parent, depth };
      }
      default: {
        const info = this.refs[row] as PhaseInfo;
        return { kind: 'phase', label: info.title, pid, tid, phase: info.id, pc, id, parent, depth };
      }
    }
  }

  private add(id: number, kind: number, parent: number, depth: number, pc: number, pid: Pid, tid: Tid, ref: Ref): number {
    const f = this.fields;
    const row = f.append();
    f.set(row, ID, id);
    f.set(row, PARENT, parent);
    f.set(row, DEPTH, depth);
    f.set(row, PC, pc);
    f.set(row, PID, pid);
    f.set(row, TID, tid);
    f.set(row, KIND, kind);
    this.refs.push(ref);
    return row;
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
