/**
 * The trace as the run goes: each event the cursor passes going forward is
 * one line in the debug console (sim-core's trace line, the same text as the
 * CLI), and, when the launch names a trace file, one record in that file.
 * The file holds the event stream as first computed, with a `rewind` record
 * where an edit replaced the events after a point.
 */
import { describeEvent, traceLine, type KernelState, type SimEvent } from '../../../sim-core/src/index.js';

/** Where the trace file goes: the host opens it (Node only). */
export interface TraceSink {
  write(text: string): void;
  close(): void;
}

/** Lines kept for one console flush; the rest are counted and go to the trace file. */
export const CONSOLE_LINES_PER_STOP = 2000;

export interface ConsoleChunk {
  readonly text: string;
  /** Scenario line of the statement the lines belong to. */
  readonly line?: number;
}

export class TraceOutput {
  private chunks: { lines: string[]; line?: number }[] = [];
  private kept = 0;
  private dropped = 0;
  private written = -1;

  constructor(
    private readonly sink: TraceSink | undefined,
    private readonly format: 'jsonl' | 'text',
  ) {}

  /** An event the cursor just reached going forward. */
  passed(e: SimEvent, state: KernelState): void {
    if (this.sink && e.seq > this.written) {
      this.sink.write(this.format === 'jsonl' ? jsonRecord(e, state) : traceLine(e, state, { seq: true }));
      this.written = e.seq;
    }
    if (this.kept >= CONSOLE_LINES_PER_STOP) {
      this.dropped++;
      return;
    }
    const line = traceLine(e, state);
    const loc = e.kind === 'action-started' || e.kind === 'action-deferred' || e.kind === 'expectation' ? e.frame?.loc?.line : undefined;
    const last = this.chunks[this.chunks.length - 1];
    if (loc !== undefined || !last) this.chunks.push({ lines: [line], ...(loc !== undefined ? { line: loc } : {}) });
    else last.lines.push(line);
    this.kept++;
  }

  /** A line that is not an event (a logpoint message goes through here to keep the order). */
  note(text: string): void {
    this.chunks.push({ lines: [text] });
  }

  /** The console text gathered since the last flush. */
  flush(): ConsoleChunk[] {
    const out: ConsoleChunk[] = this.chunks.map((c) => ({ text: c.lines.join('\n') + '\n', ...(c.line !== undefined ? { line: c.line } : {}) }));
    if (this.dropped) out.push({ text: `… ${this.dropped} more events not shown here${this.sink ? ' (the trace file has them all)' : ' (launch with "trace" to write them all to a file)'}\n` });
    this.chunks = [];
    this.kept = 0;
    this.dropped = 0;
    return out;
  }

  /** An edit at event `seq` replaced everything after it. */
  rewind(seq: number): void {
    if (this.sink && this.written > seq) {
      this.sink.write(JSON.stringify({ kind: 'rewind', to: seq, reason: 'an edit changed the run after this event' }));
      this.written = seq;
    }
  }

  close(): void {
    this.sink?.close();
  }
}

/** One JSON Lines record: the event's own fields, its frame without the parent chain, and the trace text. */
export function jsonRecord(e: SimEvent, state: KernelState): string {
  const { frame, ...body } = e;
  const f = frame ? { id: frame.id, kind: frame.kind, label: frame.label, depth: frame.depth, pid: frame.pid, tid: frame.tid, pc: frame.pc, ...(frame.phase ? { phase: frame.phase } : {}) } : null;
  return JSON.stringify({ ...body, frame: f, text: describeEvent(e, state) });
}
