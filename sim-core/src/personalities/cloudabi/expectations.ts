/**
 * What a CloudABI scenario can assert besides the common expectations: the
 * capability mode of a process, the argdata and auxiliary vector its program
 * found at startup, the message an exec action passed, and the errno the
 * kernel returned before the conversions on the way back.
 */
import type { Errno } from '../../model/errno.js';
import type { KernelState } from '../../model/state.js';
import type { ExpectationSpec, TaskRef } from '../../scenario/scenario.js';
import type { Argdata } from './argdata/value.js';
import { formatArgdata, formatDecoded } from './argdata/format.js';
import { decodeArgdata } from './argdata/reader.js';
import { fromHex } from './argdata/wire.js';
import { cloudabiOf, type CloudabiAuxType, type ExecMessage } from './state.js';

export interface CloudabiExpectations {
  'capability-mode': { readonly what: 'capability-mode'; readonly enabled: boolean } & TaskRef;
  /** The tree the task's program read at startup, fds as numbers of its table. */
  argdata: { readonly what: 'argdata'; readonly value: Argdata } & TaskRef;
  /** The exact bytes at CLOUDABI_AT_ARGDATA, in hex. */
  'argdata-bytes': { readonly what: 'argdata-bytes'; readonly hex: string } & TaskRef;
  'cloudabi-auxv': { readonly what: 'cloudabi-auxv'; readonly key: CloudabiAuxType; readonly value: number | string } & TaskRef;
  /** The last exec message an action passed to the kernel: its fds array and/or its data. */
  'exec-message': { readonly what: 'exec-message'; readonly action: number; readonly fds?: readonly number[]; readonly hex?: string };
  /** The errno do_execve returned for an action's last exec, before cloudabi_convert_errno and errno_fixup_executable. */
  'kernel-errno': { readonly what: 'kernel-errno'; readonly action: number; readonly errno: Errno };
}

declare module '../../scenario/expectations.js' {
  interface ExtExpectations extends CloudabiExpectations {}
}

type Result = { passed: boolean; expected: string; seen: string };

const normHex = (hex: string) => hex.replace(/\s+/g, '').toLowerCase();
const spacedHex = (hex: string) => (normHex(hex).match(/../g) ?? []).join(' ');

function lastMessageOf(state: KernelState, action: number): ExecMessage | undefined {
  return cloudabiOf(state).messages.filter((m) => m.action === action).at(-1);
}

export function evaluateCloudabiExpectation(e: ExpectationSpec, state: KernelState): Result | undefined {
  switch (e.what) {
    case 'exec-message': {
      const m = lastMessageOf(state, e.action);
      const want = [e.fds ? `fds [${e.fds.join(', ')}]` : '', e.hex !== undefined ? `data ${spacedHex(e.hex) || '(empty)'}` : ''].filter(Boolean).join(', ');
      if (!m) return { passed: false, expected: want, seen: `action ${e.action} passed no exec message` };
      const seen = [e.fds ? `fds [${m.fds.join(', ')}]` : '', e.hex !== undefined ? `data ${m.data || '(empty)'}` : ''].filter(Boolean).join(', ');
      const passed = (!e.fds || e.fds.join(',') === m.fds.join(',')) && (e.hex === undefined || normHex(e.hex) === normHex(m.data));
      return { passed, expected: want, seen };
    }
    case 'kernel-errno': {
      const m = lastMessageOf(state, e.action);
      const seen = m?.kernelErrno ?? (m ? 'no error' : `action ${e.action} passed no exec message`);
      return { passed: seen === e.errno, expected: `kernel returned ${e.errno}`, seen: `kernel returned ${seen}` };
    }
    default:
      break;
  }
  if (e.what !== 'capability-mode' && e.what !== 'argdata' && e.what !== 'argdata-bytes' && e.what !== 'cloudabi-auxv') return undefined;
  const pid = state.names[e.task];
  const task = pid === undefined ? undefined : state.tasks.get(pid);
  if (!task) return { passed: false, expected: e.what, seen: `no task named ${e.task}` };
  if (e.what === 'capability-mode') {
    const word = (b: boolean) => (b ? 'in capability mode' : 'not in capability mode');
    return { passed: task.capabilityMode === e.enabled, expected: word(e.enabled), seen: word(task.capabilityMode) };
  }
  const image = cloudabiOf(state).images[task.mm];
  if (!image) return { passed: false, expected: e.what, seen: task.status.state !== 'running' ? `${e.task} is ${task.status.state}` : `${e.task} is not running a CloudABI program` };
  switch (e.what) {
    case 'argdata': {
      const want = formatArgdata(e.value);
      const seen = formatDecoded(decodeArgdata(fromHex(image.argdata)));
      return { passed: want === seen, expected: want, seen };
    }
    case 'argdata-bytes':
      return { passed: normHex(e.hex) === normHex(image.argdata), expected: spacedHex(e.hex) || '(empty)', seen: image.argdata || '(empty)' };
    case 'cloudabi-auxv': {
      const entry = image.auxv.find((x) => x.type === e.key);
      const seen = entry === undefined ? 'absent' : String(entry.value);
      return { passed: seen === String(e.value), expected: `${e.key} ${e.value}`, seen: `${e.key} ${seen}` };
    }
  }
}
