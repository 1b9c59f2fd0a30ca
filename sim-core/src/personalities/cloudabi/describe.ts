/** Trace lines for CloudABI's own events and one-line renderings of its calls. */
import type { EventBody } from '../../engine/events.js';
import type { ActionSpec, ExpectationSpec } from '../../scenario/scenario.js';
import { describeActor } from '../../scenario/describe.js';
import { formatArgdata } from './argdata/format.js';
import type { YamlNode } from './actions.js';

export function describeCloudabiEvent(e: EventBody): string | undefined {
  switch (e.kind) {
    case 'argdata-serialized':
      return `pid ${e.pid}: ${e.via} serialized ${e.datalen} byte${e.datalen === 1 ? '' : 's'} [${e.hex || 'empty'}], fds array [${e.fds.join(', ')}]`;
    case 'exec-args-copied':
      return `pid ${e.pid}: copied in ${e.datalen} bytes + NUL (argc ${e.argc}) and ${e.fdslen} fd${e.fdslen === 1 ? '' : 's'} (fd_lastfile ${e.fdLastfile})`;
    case 'fd-remapped':
      return `pid ${e.pid}: new fd ${e.slot} ← old fd ${e.from} (${e.target}${e.cloexec ? ', close-on-exec flag copied, not honoured' : ''})`;
    case 'remapped-table-freed':
      return `pid ${e.pid}: fdescfree_remapped: the new table's ${e.count} reference${e.count === 1 ? '' : 's'} dropped, nothing closed`;
    case 'capability-mode-entered':
      return `pid ${e.pid}: capability mode entered (cap_enter)`;
    case 'errno-converted':
      return `pid ${e.pid}: ${e.from} becomes ${e.to} (${e.by})`;
    case 'program-output':
      return `pid ${e.pid}: writes to fd ${e.fd}: "${e.text}"`;
    case 'argdata-received':
      return `pid ${e.pid}: program_main gets ${e.tree} (${e.argdatalen} bytes)`;
    default:
      return undefined;
  }
}

/** YAML flow rendering of a cloudabi-run configuration node. */
export function formatYaml(node: YamlNode | null): string {
  if (node === null) return '(empty)';
  const tag = node.tag ? `${node.tag} ` : '';
  switch (node.kind) {
    case 'scalar':
      return `${tag}${node.style === 'quoted' ? JSON.stringify(node.value) : node.value}`;
    case 'seq':
      return `${tag}[${node.items.map(formatYaml).join(', ')}]`;
    case 'map':
      return `${tag}{${node.entries.map((e) => `${formatYaml(e.key)}: ${formatYaml(e.value)}`).join(', ')}}`;
  }
}

export function describeCloudabiCall(a: ActionSpec): string | undefined {
  switch (a.call) {
    case 'proc_exec':
      return `proc_exec ${a.fd} ${formatArgdata(a.argdata)}${a.fds ? ` fds [${a.fds.join(', ')}]` : ''}`;
    case 'cloudabi_run':
      return `cloudabi-run ${a.executable} < ${formatYaml(a.config)}`;
    default:
      return undefined;
  }
}

/** `expect server argdata {smtp: !fd 0}`: tree-valued expectations in the same flow style. */
export function describeCloudabiExpectation(e: ExpectationSpec): string | undefined {
  if (e.what === 'argdata') return `expect ${describeActor(e)} argdata ${formatArgdata(e.value)}`;
  if (e.what === 'exec-message') {
    const parts = [e.fds ? `fds [${e.fds.join(', ')}]` : '', e.hex !== undefined ? `data ${e.hex || '(empty)'}` : ''].filter(Boolean);
    return `expect action ${e.action} passed ${parts.join(', ')}`;
  }
  return undefined;
}
