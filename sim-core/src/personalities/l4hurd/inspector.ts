/**
 * What the debugger shows of the L4-Hurd proposal (SEEDS 003, Marcus
 * Brinkmann, 2003): per task, the holders of its task object (who can suspend,
 * trash or start it), its handles in servers, whether exec has it suspended,
 * and the startup data exec wrote on its stack; system-wide, what the exec
 * server keeps between calls (the proposal: nothing) and whom it called.
 */
import type { KernelState, Pid } from '../../model/state.js';
import type { Section, StateInspector } from '../../query/inspector.js';
import { bool, list, none, num, record, str, type QValue } from '../../query/values.js';
import { handleText, serverName, type L4StackArea, type L4TaskState } from './state.js';

function handleById(t: L4TaskState, id: number): string {
  const h = t.handles.find((x) => x.id === id);
  return h ? `#${id} ${h.server}:${h.object}` : `#${id} (deallocated)`;
}

function stackValue(t: L4TaskState, s: L4StackArea): QValue {
  const w = s.words;
  return record('stack area', `${s.secure ? 'secure, ' : ''}entry ${s.entry}`, () => [
    { name: 'secure', value: bool(s.secure, { type: 'flag' }) },
    { name: 'entry', value: str(s.entry, { type: 'address' }) },
    { name: 'stackBase', value: str(s.stackBase, { type: 'address' }) },
    { name: 'stackSize', value: num(s.stackSize, { type: 'bytes' }) },
    { name: 'phdrs', value: list('program headers', s.phdrs.map((p) => str(p))) },
    { name: 'auth', value: s.auth === null ? none('(none)', { type: 'handle' }) : str(handleById(t, s.auth), { type: 'handle' }) },
    {
      name: 'words',
      value: record('words', `argv ${JSON.stringify(w.argv)}`, () => [
        { name: 'argv', value: list('argv', w.argv.map((a) => str(a)), { display: JSON.stringify(w.argv) }) },
        { name: 'envp', value: list('envp', w.envp.map((a) => str(a)), { display: JSON.stringify(w.envp) }) },
        { name: 'fds', value: list('fds', w.fds.map((f) => str(`fd ${f.fd} = ${handleById(t, f.handle)}`)), { display: w.fds.map((f) => `${f.fd}=#${f.handle}`).join(' ') || '(none)' }) },
        { name: 'ports', value: list('ports', w.ports.map((p) => str(`${p.use} = ${handleById(t, p.handle)}`)), { display: w.ports.map((p) => `${p.use}=#${p.handle}`).join(' ') || '(none)' }) },
        { name: 'dealloc', value: list('handles to deallocate', w.dealloc.map((id) => str(`#${id}`)), { display: w.dealloc.map((id) => `#${id}`).join(' ') || '(none)' }) },
      ]),
    },
  ]);
}

function taskValue(t: L4TaskState): QValue {
  return record('L4-Hurd task', `${t.handles.length} handles, ${t.holders.length} holders${t.suspended ? ', suspended' : ''}`, () => [
    { name: 'holders', value: list('holders of the task object', t.holders.map((h) => str(`${h.name} (pid ${h.pid})`)), { display: t.holders.map((h) => h.name).join(', ') || '(none)' }) },
    { name: 'handles', value: list('handles', t.handles.map((h) => str(`#${h.id} ${handleText(h)}`, { type: `${serverName(h.server)} handle` })), { display: `${t.handles.length}` }) },
    { name: 'suspended', value: bool(t.suspended) },
    { name: 'stack', value: t.stack ? stackValue(t, t.stack) : none('(no stack area)', { type: 'stack area' }) },
  ]);
}

function execServerValue(state: KernelState): QValue | undefined {
  const w = state.ext.l4hurd;
  if (!w) return undefined;
  return record('exec server', `holds ${w.execHolds.length ? w.execHolds.join(', ') : 'nothing'}`, () => [
    { name: 'pid', value: num(w.servers.exec, { type: 'pid' }) },
    { name: 'holds', value: list('held between calls', w.execHolds.map((h) => str(h)), { display: w.execHolds.join('; ') || '(nothing)' }) },
    { name: 'calls', value: list('calls made', w.execCalls.map((c) => str(c)), { display: `${w.execCalls.length}` }) },
  ]);
}

export const l4hurdInspector: StateInspector = {
  taskSections(state: KernelState, pid: Pid): Section[] {
    const t = state.tasks.get(pid)?.ext.l4hurd;
    return t ? [{ name: 'L4-Hurd task', value: taskValue(t) }] : [];
  },

  systemSections(state: KernelState): Section[] {
    const v = execServerValue(state);
    return v ? [{ name: 'Exec server', value: v }] : [];
  },
};
