/**
 * The CloudABI section (cloudabi.langium): capability mode and fd rights in
 * the world; proc_exec with its argdata tree (and, for the raw system call,
 * its fds array) and cloudabi_run with its YAML; expectations on the argdata
 * and auxiliary vector the new program found, on the exec message an action
 * passed (fds array, data) and on the errno the kernel returned.
 * (FreeBSD sys/compat/cloudabi/cloudabi_proc.c: cloudabi_sys_proc_exec;
 * CLOUDLIBC src/libc/program/program_exec.c; CAUTILS src/cloudabi-run.)
 */
import type { AstNode } from 'langium';
import * as ast from '../generated/ast.js';
import type { ActionCall } from '../../../../sim-core/src/scenario/actions.js';
import type { ActionSpec, FdSpec, TaskSpec } from '../../../../sim-core/src/scenario/scenario.js';
import { CLOUDABI_AUX_TYPES, type CloudabiAuxType } from '../../../../sim-core/src/personalities/cloudabi/api.js';
import type { LoweringContext } from '../lowering/context.js';
import { errnoName } from '../lowering/words.js';
import { suggest } from '../lowering/suggest.js';
import { printPath, printString } from '../printer/tokens.js';
import { lowerArgdata, printArgdata } from './cloudabi-argdata.js';
import { lowerYaml, printYamlNode } from './cloudabi-yaml.js';
import type { FdDraft, LanguageSection, OutcomeBody, TaskCheckBody, TaskDraft } from './section.js';

const HEX_BYTES = /^([0-9a-fA-F]{2})*$/;

function fdsArray(list: readonly ast.FdIndex[]): number[] | undefined {
  const out: number[] = [];
  for (const f of list) {
    if (f.value === undefined) return undefined;
    out.push(f.negative ? -f.value : f.value);
  }
  return out;
}

function hexBytes(text: string | undefined, what: string, node: AstNode, property: string, cx: LoweringContext): string | undefined {
  if (text === undefined) return undefined;
  const hex = text.replace(/\s+/g, '').toLowerCase();
  if (!HEX_BYTES.test(hex)) {
    cx.error('bad-value', `${what} "${text}" is not a string of hex bytes`, 'two hex digits per byte, blanks allowed: "07 81 02"', node, property);
    return undefined;
  }
  return hex;
}

const spaced = (hex: string) => (hex.match(/../g) ?? []).join(' ');

export const cloudabiSection: LanguageSection = {
  system: 'cloudabi',
  owns: {
    CapabilityModeAttr: () => 'capability_mode',
    RightsAttr: () => 'rights',
    CapabilityModeCheck: () => 'capability_mode',
    ArgdataCheck: () => 'argdata',
    CloudabiAuxvCheck: () => 'auxv',
    ExecMessageOutcome: () => 'message',
    KernelErrnoOutcome: () => 'kernel returned',
  },

  lowerTaskAttr(node: AstNode, task: TaskDraft, at: string, cx: LoweringContext): boolean {
    if (!ast.isCapabilityModeAttr(node)) return false;
    if (node.mode) {
      task.capabilityMode = node.mode === 'on';
      cx.map(`${at}.capabilityMode`, node, 'mode');
    }
    return true;
  },

  lowerFdAttr(node: AstNode, fd: FdDraft, at: string, cx: LoweringContext): boolean {
    if (!ast.isRightsAttr(node)) return false;
    if (fd.rights) {
      cx.error('duplicate-statement', 'rights are given twice', 'list every right once: rights CAP_READ|CAP_FEXECVE', node);
      return true;
    }
    const rights: string[] = [];
    node.rights.forEach((r, i) => {
      if (rights.includes(r)) cx.error('bad-value', `${r} is given twice`, undefined, node, 'rights', i);
      else rights.push(r);
    });
    fd.rights = rights;
    cx.map(`${at}.rights`, node);
    return true;
  },

  lowerCall(node: AstNode, cx: LoweringContext): ActionCall | undefined {
    if (ast.isProcExec(node)) {
      const argdata = lowerArgdata(node.argdata, cx);
      const fds = node.hasFds ? fdsArray(node.fds) : undefined;
      if (node.fd === undefined || !argdata || (node.hasFds && !fds)) return undefined;
      return { call: 'proc_exec', fd: node.fd, argdata, ...(fds ? { fds } : {}) };
    }
    if (ast.isCloudabiRun(node)) {
      if (node.executable === undefined) return undefined;
      const config = node.config ? lowerYaml(node.config, cx) : null;
      if (config === undefined) return undefined;
      return { call: 'cloudabi_run', executable: node.executable, config, ...(node.reexec !== undefined ? { reexec: node.reexec } : {}) };
    }
    return undefined;
  },

  lowerTaskCheck(node: AstNode, cx: LoweringContext): TaskCheckBody | undefined {
    if (ast.isCapabilityModeCheck(node)) return node.mode ? { what: 'capability-mode', enabled: node.mode === 'on' } : undefined;
    if (ast.isArgdataCheck(node)) {
      if (node.value) {
        const value = lowerArgdata(node.value, cx);
        return value ? { what: 'argdata', value } : undefined;
      }
      const hex = hexBytes(node.hex, 'argdata bytes', node, 'hex', cx);
      return hex === undefined ? undefined : { what: 'argdata-bytes', hex };
    }
    if (ast.isCloudabiAuxvCheck(node)) {
      if (node.key === undefined) return undefined;
      if (!(CLOUDABI_AUX_TYPES as readonly string[]).includes(node.key)) {
        cx.error('unknown-name', `unknown auxiliary vector entry ${node.key}`, suggest(node.key, CLOUDABI_AUX_TYPES, 'entries') ?? `entries: ${CLOUDABI_AUX_TYPES.join(', ')}`, node, 'key');
        return undefined;
      }
      const value = node.number ?? node.text;
      return value === undefined ? undefined : { what: 'cloudabi-auxv', key: node.key as CloudabiAuxType, value };
    }
    return undefined;
  },

  lowerOutcome(node: AstNode, cx: LoweringContext): OutcomeBody | undefined {
    if (ast.isExecMessageOutcome(node)) {
      const fds = node.hasFds ? fdsArray(node.fds) : undefined;
      const hex = node.data !== undefined ? hexBytes(node.data, 'data', node, 'data', cx) : undefined;
      if ((node.hasFds && !fds) || (node.data !== undefined && hex === undefined)) return undefined;
      if (!fds && hex === undefined) {
        cx.error('never-checked', 'message checks nothing', 'say what to compare: message fds [4, 5] and/or data "07 81 02"', node);
        return undefined;
      }
      return { what: 'exec-message', ...(fds ? { fds } : {}), ...(hex !== undefined ? { hex } : {}) };
    }
    if (ast.isKernelErrnoOutcome(node)) {
      const errno = errnoName(node.errno, cx, node, 'errno');
      return errno ? { what: 'kernel-errno', errno } : undefined;
    }
    return undefined;
  },

  printTask(task: TaskSpec): string[] {
    return task.capabilityMode === undefined ? [] : [`capability_mode ${task.capabilityMode ? 'on' : 'off'}`];
  },

  printFdAttrs(fd: FdSpec): string[] {
    return fd.rights ? [`rights ${fd.rights.join('|')}`] : [];
  },

  printCall(a: ActionSpec): string | undefined {
    if (a.call === 'proc_exec') return `proc_exec ${a.fd} ${printArgdata(a.argdata)}${a.fds ? ` fds [${a.fds.join(', ')}]` : ''}`;
    if (a.call === 'cloudabi_run') {
      const config = a.config === null ? '' : ` ${printYamlNode(a.config)}`;
      return `cloudabi_run ${printPath(a.executable)}${config}${a.reexec !== undefined ? ` reexec ${printPath(a.reexec)}` : ''}`;
    }
    return undefined;
  },

  printTaskCheck(body: TaskCheckBody): string | undefined {
    switch (body.what) {
      case 'capability-mode':
        return `capability_mode ${body.enabled ? 'on' : 'off'}`;
      case 'argdata':
        return `argdata ${printArgdata(body.value)}`;
      case 'argdata-bytes':
        return `argdata bytes "${spaced(body.hex.replace(/\s+/g, '').toLowerCase())}"`;
      case 'cloudabi-auxv':
        return `auxv ${body.key} ${typeof body.value === 'number' ? body.value : printString(body.value)}`;
      default:
        return undefined;
    }
  },

  printOutcome(body: OutcomeBody): string | undefined {
    if (body.what === 'exec-message') {
      const parts = ['message'];
      if (body.fds) parts.push(`fds [${body.fds.join(', ')}]`);
      if (body.hex !== undefined) parts.push(`data "${spaced(body.hex.replace(/\s+/g, '').toLowerCase())}"`);
      return parts.join(' ');
    }
    if (body.what === 'kernel-errno') return `kernel returned ${body.errno}`;
    return undefined;
  },
};
