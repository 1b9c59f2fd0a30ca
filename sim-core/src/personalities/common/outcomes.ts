/**
 * Successful outcomes of system calls that return a number. The engine keeps
 * every statement's outcome for the whole run, and most calls return 0 or a
 * small fd: those share one frozen record per value instead of one per call.
 */
import type { Outcome } from '../../engine/events.js';

/** Values with a shared record: 0 and the fds a scenario usually uses. */
const SHARED = 256;
const shared: Outcome[] = [];
for (let v = 0; v < SHARED; v++) shared.push(Object.freeze({ ok: true, value: v }));

/** `{ ok: true, value }`. */
export function okValue(value: number): Outcome {
  return value >= 0 && value < SHARED && Number.isInteger(value) ? shared[value]! : { ok: true, value };
}
