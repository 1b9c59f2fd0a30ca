/**
 * The groups of values the debugger shows for a task (its scopes), most
 * looked-at first: the fd table, what its system adds (a Hurd task's port
 * namespace, …), credentials, signals, memory, registers, and the process.
 */
import type { SimEvent } from '../engine/events.js';
import type { KernelState, Pid } from '../model/state.js';
import type { Section, StateInspector } from './inspector.js';
import { credentials, fdTable, memory, processValue, registers, signals, taskPath } from './views.js';
import { fieldPath } from './values.js';

export function taskSections(state: KernelState, pid: Pid, inspector?: StateInspector): Section[] {
  const task = state.tasks.get(pid);
  if (!task) return [];
  const path = taskPath(state, task);
  const out: Section[] = [];
  if (task.status.state === 'running') out.push({ name: 'FD table', value: fdTable(state, task, fieldPath(path, 'fd'), inspector) });
  out.push(...(inspector?.taskSections?.(state, pid) ?? []));
  if (task.status.state === 'running') {
    out.push(
      { name: 'Credentials', value: credentials(task, fieldPath(path, 'creds'), inspector) },
      { name: 'Signals', value: signals(task, fieldPath(path, 'signals')) },
      { name: 'Memory', value: memory(state, task, fieldPath(path, 'memory')) },
      { name: 'Registers', value: registers(state, task, fieldPath(path, 'registers')) },
    );
  }
  out.push({ name: 'Process', value: processValue(state, task, inspector) });
  return out;
}

/** Sections about the event at the cursor and the system as a whole, from the personality. */
export function eventSections(state: KernelState, event: SimEvent | undefined, inspector: StateInspector | undefined, earlier: (seq: number) => SimEvent): Section[] {
  return [...(event ? (inspector?.eventSections?.(state, event, earlier) ?? []) : []), ...(inspector?.systemSections?.(state) ?? [])];
}
