/**
 * What the debugger shows of a CloudABI exec in flight: the argdata message
 * as the caller serialized it (the tree, its bytes and the fds array), the
 * fds the kernel has remapped into the new table so far (fdcopy_remapped),
 * and the tree the new program read at startup.
 */
import type { SimEvent } from '../../engine/events.js';
import type { KernelState } from '../../model/state.js';
import type { Section, StateInspector } from '../../query/inspector.js';
import { list, num, record, str, type QValue } from '../../query/values.js';
import { formatArgdata } from './argdata/format.js';
import type { Argdata } from './argdata/value.js';
import type { CloudabiEvents } from './events.js';
import { cloudabiOf } from './state.js';

type Serialized = CloudabiEvents['argdata-serialized'];
type Remapped = CloudabiEvents['fd-remapped'];
type Received = CloudabiEvents['argdata-received'];

/** The message events of the statement at the cursor, up to and including the event at the cursor. */
function messageSoFar(event: SimEvent, earlier: (seq: number) => SimEvent): { sent?: Serialized; remapped: Remapped[]; received?: Received } {
  const remapped: Remapped[] = [];
  let sent: Serialized | undefined;
  let received: Received | undefined;
  for (let i = event.seq; i >= 0; i--) {
    const e = i === event.seq ? event : earlier(i);
    if (e.kind === 'fd-remapped' && !sent) remapped.unshift(e);
    else if (e.kind === 'argdata-received' && !received && !sent) received = e;
    else if (e.kind === 'argdata-serialized') {
      sent = e;
      break;
    }
    if (e.kind === 'action-started') break;
  }
  return { ...(sent ? { sent } : {}), remapped, ...(received ? { received } : {}) };
}

/** A tree as nested values: maps by key, sequences by index, fd values as the caller's fd numbers. */
export function argdataValue(ad: Argdata): QValue {
  switch (ad.type) {
    case 'map':
      return record('argdata map', formatArgdata(ad), () =>
        ad.entries.map((e) => ({ name: e.key.type === 'str' ? e.key.value : formatArgdata(e.key), value: argdataValue(e.value) })),
      { count: ad.entries.length });
    case 'seq':
      return list('argdata seq', ad.items.map(argdataValue), { display: formatArgdata(ad) });
    case 'fd':
      return num(ad.fd, { type: 'argdata fd', display: `!fd ${ad.fd}` });
    default:
      return str(formatArgdata(ad), { type: `argdata ${ad.type}` });
  }
}

/** The tree of the newest exec message of this process (the one the events describe). */
function treeOf(state: KernelState, pid: number): Argdata | null {
  const messages = cloudabiOf(state).messages;
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.pid === pid) return messages[i]!.tree;
  return null;
}

export const cloudabiInspector: StateInspector = {
  eventSections(state, event, earlier): Section[] {
    const { sent, remapped, received } = messageSoFar(event, earlier);
    if (!sent) return [];
    const tree = treeOf(state, sent.pid);
    return [
      {
        name: 'Message in flight',
        value: record('exec message', `${sent.datalen} bytes of argdata, ${sent.fds.length} fds`, () => [
          { name: 'via', value: str(sent.via) },
          ...(tree ? [{ name: 'tree', value: argdataValue(tree) }] : []),
          { name: 'datalen', value: num(sent.datalen, { type: 'bytes' }) },
          { name: 'bytes', value: str(sent.hex, { type: 'hex' }) },
          { name: 'fds', value: list('fds array', sent.fds.map((fd, i) => num(fd, { type: 'fd', display: `slot ${i} ← fd ${fd}` })), { display: `[${sent.fds.join(', ')}]` }) },
          {
            name: 'remapped',
            value: list('fds remapped', remapped.map((r) => str(`${r.slot} ← fd ${r.from}: ${r.target}${r.cloexec ? ' (cloexec copied)' : ''}`)), { display: remapped.length ? `${remapped.length} of ${sent.fds.length}` : '(none yet)' }),
          },
          ...(received ? [{ name: 'received', value: str(received.tree, { type: 'argdata tree' }) }] : []),
        ]),
      },
    ];
  },
};
