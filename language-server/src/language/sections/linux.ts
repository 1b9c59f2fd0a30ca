/**
 * The Linux section (linux.langium): kernel version, nommu, binfmt_misc rules,
 * the fs ids and no_new_privs of the credential model, the auxv values the
 * new program sees, and process birth: task kinds, the kernel functions
 * kernel_thread, user_mode_thread and kernel_execve (kernel/fork.c,
 * fs/exec.c), and expectations on pt_regs, the first return path and what two
 * tasks share.
 */
import type { AstNode } from 'langium';
import * as ast from '../generated/ast.js';
import type { ActionSpec, MachineSpec, TaskSpec } from '../../../../sim-core/src/scenario/scenario.js';
import type { ActionCall } from '../../../../sim-core/src/scenario/actions.js';
import type { BinfmtMiscSpec } from '../../../../sim-core/src/scenario/scenario.js';
import { locOf, rangeOf, textOf, type LoweringContext } from '../lowering/context.js';
import { lowerString } from '../lowering/strings.js';
import { lowerStringList } from '../lowering/strings.js';
import { afterSubject } from '../lowering/systems.js';
import { suggest } from '../lowering/suggest.js';
import { BINFMT_MISC_FLAGS, CLONE_FLAGS, RESUME_POINTS, TASK_KINDS } from '../lowering/vocabulary.js';
import { flagSet, oneOf } from '../lowering/words.js';
import { printName, printPath, printString, printStringList, printWord } from '../printer/tokens.js';
import type { LanguageSection, MachineDraft, TaskCheckBody, TaskDraft } from './section.js';

function kernelVersionText(node: ast.KernelVersion): string | undefined {
  const text = textOf(node, 'version');
  if (text === undefined || node.version === undefined) return undefined;
  return text.startsWith('"') ? String(node.version) : text.replace(/\s+/g, '');
}

export const linuxSection: LanguageSection = {
  system: 'linux',
  owns: {
    KernelVersion: () => 'kernel',
    NoMmu: () => 'nommu',
    BinfmtMisc: () => 'binfmt_misc',
    FsIdAttr: (n) => (n as ast.FsIdAttr).field,
    NoNewPrivsAttr: () => 'no_new_privs',
    FsIdCheck: (n) => (n as ast.FsIdCheck).field,
    AuxvCheck: (n) => (n as ast.AuxvCheck).key,
    TaskKindAttr: () => 'kind',
    TaskKindCheck: () => 'kind',
    PtRegsCheck: () => 'pt_regs',
    ResumesCheck: () => 'resumes in',
    SharesCheck: (n) => ((n as ast.SharesCheck).shared ? 'shares' : 'does not share'),
  },

  lowerMachineEntry(node: AstNode, machine: MachineDraft, cx: LoweringContext): boolean {
    if (ast.isKernelVersion(node)) {
      const version = kernelVersionText(node);
      if (version === undefined) return true;
      if (!/^\d+\.\d+(\.\d+)?$/.test(version)) {
        cx.error('bad-value', `kernel version "${version}" is not MAJOR.MINOR`, 'write it like 6.12 or 5.19', node, 'version');
        return true;
      }
      machine.kernelVersion = version;
      cx.map('machine.kernelVersion', node, 'version');
      return true;
    }
    if (ast.isNoMmu(node)) {
      machine.mmu = false;
      cx.map('machine.mmu', node);
      return true;
    }
    if (ast.isBinfmtMisc(node)) {
      if (node.name === undefined || node.interpreter === undefined) return true;
      const flags: BinfmtMiscSpec['flags'][number][] = [];
      for (const ch of node.flags ?? '') {
        if (!(BINFMT_MISC_FLAGS as readonly string[]).includes(ch)) {
          cx.error('bad-value', `binfmt_misc has no flag "${ch}"`, 'flags are P (keep argv[0]), O (pass the binary as an open fd), C (credentials of the binary), F (fix the interpreter)', node, 'flags');
          return true;
        }
        if (flags.includes(ch as BinfmtMiscSpec['flags'][number])) {
          cx.error('bad-value', `binfmt_misc flag "${ch}" is given twice`, undefined, node, 'flags');
          return true;
        }
        flags.push(ch as BinfmtMiscSpec['flags'][number]);
      }
      let match: BinfmtMiscSpec['match'];
      if (node.magic) {
        const magic = lowerString(node.magic, cx);
        if (magic === undefined) return true;
        if (magic === '') {
          cx.error('bad-value', 'binfmt_misc magic is empty', 'give the bytes the file starts with, e.g. "\\x7fELF"', node, 'magic');
          return true;
        }
        match = { magic };
      } else if (node.extension !== undefined) {
        match = { extension: node.extension };
      } else return true;
      const rules = (machine.binfmtMisc ??= []) as BinfmtMiscSpec[];
      const at = `machine.binfmtMisc[${rules.length}]`;
      rules.push({ name: node.name, match, interpreter: node.interpreter, flags, loc: locOf(rangeOf(node)) });
      cx.map(at, node);
      cx.map(`${at}.interpreter`, node, 'interpreter');
      return true;
    }
    return false;
  },

  lowerTaskAttr(node: AstNode, task: TaskDraft, at: string, cx: LoweringContext): boolean {
    if (ast.isFsIdAttr(node)) {
      if (node.value === undefined) return true;
      (task.creds ??= {})[node.field] = node.value;
      cx.map(`${at}.creds.${node.field}`, node, 'value');
      return true;
    }
    if (ast.isNoNewPrivsAttr(node)) {
      task.noNewPrivs = true;
      cx.map(`${at}.noNewPrivs`, node);
      return true;
    }
    if (ast.isTaskKindAttr(node)) {
      const kind = oneOf(node.kind, TASK_KINDS, 'task kind', cx, node, 'kind');
      if (kind) task.kind = kind;
      cx.map(`${at}.kind`, node, 'kind');
      return true;
    }
    return false;
  },

  lowerCall(node: AstNode, cx: LoweringContext): ActionCall | undefined {
    if (ast.isKernelThread(node)) {
      const flags = flagSet(node, CLONE_FLAGS, `${node.name} flag`, cx);
      const child = node.child?.name;
      if (!flags || child === undefined || node.fn === undefined || !node.name) return undefined;
      return { call: node.name, child, fn: node.fn, flags };
    }
    if (ast.isKernelExecve(node)) {
      const argv = lowerStringList(node.argv, cx);
      const envp = node.envp ? lowerStringList(node.envp, cx) : undefined;
      if (node.path === undefined || !argv || (node.envp && !envp)) return undefined;
      return { call: 'kernel_execve', path: node.path, argv, ...(envp ? { envp } : {}) };
    }
    return undefined;
  },

  lowerTaskCheck(node: AstNode, cx: LoweringContext): TaskCheckBody | undefined {
    if (ast.isTaskKindCheck(node)) {
      const kind = oneOf(node.kind, TASK_KINDS, 'task kind', cx, node, 'kind');
      return kind ? { what: 'task-kind', kind } : undefined;
    }
    if (ast.isPtRegsCheck(node)) {
      const reg = (p: 'ip' | 'sp' | 'ax') => (node[p] === undefined ? undefined : typeof node[p] === 'string' ? node[p] : textOf(node, p));
      const [ip, sp, ax] = [reg('ip'), reg('sp'), reg('ax')];
      const user = node.user ? true : node.noUser ? false : undefined;
      if (ip === undefined && sp === undefined && ax === undefined && user === undefined) {
        cx.report('error', 'never-checked', 'pt_regs checks nothing', 'name the registers to compare: pt_regs ip 0x401000 ax 0 user mode', afterSubject(node));
        return undefined;
      }
      return { what: 'pt-regs', ...(ip !== undefined ? { ip } : {}), ...(sp !== undefined ? { sp } : {}), ...(ax !== undefined ? { ax } : {}), ...(user !== undefined ? { user } : {}) };
    }
    if (ast.isResumesCheck(node)) {
      if (node.entry === undefined) return undefined;
      if (!(RESUME_POINTS as readonly string[]).includes(node.entry)) {
        cx.error('unknown-name', `${node.entry} is not where a new task resumes`, suggest(node.entry, RESUME_POINTS) ?? `copy_thread sends a new task to ${RESUME_POINTS.join(' or ')}`, node, 'entry');
        return undefined;
      }
      return { what: 'resumes-in', entry: node.entry as (typeof RESUME_POINTS)[number] };
    }
    if (ast.isSharesCheck(node)) {
      const other = node.other?.ref?.name;
      if (other === undefined || !node.resource) return undefined;
      return { what: 'shares', other, resource: node.resource, shared: node.shared };
    }
    if (ast.isFsIdCheck(node)) return node.value === undefined ? undefined : { what: 'cred', field: node.field, value: node.value };
    if (ast.isAuxvCheck(node)) {
      if (!node.absent && node.value === undefined) return undefined;
      return { what: 'auxv', key: node.key, value: node.absent ? null : node.value! };
    }
    return undefined;
  },

  printMachine(machine: MachineSpec): string[] {
    const lines: string[] = [];
    if (machine.kernelVersion !== undefined) {
      lines.push(`kernel ${/^\d+(\.\d+)*$/.test(machine.kernelVersion) ? machine.kernelVersion : printString(machine.kernelVersion)}`);
    }
    if (!machine.mmu) lines.push('nommu');
    for (const rule of machine.binfmtMisc ?? []) {
      const match = 'extension' in rule.match ? `extension ${printWord(rule.match.extension)}` : `magic ${printString(rule.match.magic)}`;
      lines.push(`binfmt_misc ${printWord(rule.name)} ${match} interpreter ${printPath(rule.interpreter)}${rule.flags.length ? ` flags ${rule.flags.join('')}` : ''}`);
    }
    return lines;
  },

  printTask(task: TaskSpec): string[] {
    const lines: string[] = [];
    const ids = [task.creds?.fsuid !== undefined ? `fsuid ${task.creds.fsuid}` : '', task.creds?.fsgid !== undefined ? `fsgid ${task.creds.fsgid}` : ''].filter(Boolean);
    if (ids.length) lines.push(ids.join(' '));
    if (task.noNewPrivs) lines.push('no_new_privs');
    if (task.kind !== undefined) lines.push(`kind ${task.kind}`);
    return lines;
  },

  printCall(a: ActionSpec): string | undefined {
    if (a.call === 'kernel_thread' || a.call === 'user_mode_thread') {
      return `${a.call} ${printName(a.child)} ${printName(a.fn)}${a.flags.length ? ` ${a.flags.join('|')}` : ''}`;
    }
    if (a.call === 'kernel_execve') return `kernel_execve ${printPath(a.path)} ${printStringList(a.argv)}${a.envp ? ` env ${printStringList(a.envp)}` : ''}`;
    return undefined;
  },

  printTaskCheck(body: TaskCheckBody): string | undefined {
    if (body.what === 'cred' && (body.field === 'fsuid' || body.field === 'fsgid') && typeof body.value === 'number') return `${body.field} ${body.value}`;
    if (body.what === 'auxv') return `${body.key} ${body.value === null ? 'absent' : body.value}`;
    if (body.what === 'task-kind') return `kind ${body.kind}`;
    if (body.what === 'pt-regs') {
      const reg = (v: string) => (/^(0x[0-9a-fA-F]{1,13}|[0-9]{1,15})$/.test(v) ? v : printString(v));
      const parts = ['pt_regs'];
      if (body.ip !== undefined) parts.push(`ip ${reg(body.ip)}`);
      if (body.sp !== undefined) parts.push(`sp ${reg(body.sp)}`);
      if (body.ax !== undefined) parts.push(`ax ${reg(body.ax)}`);
      if (body.user !== undefined) parts.push(body.user ? 'user mode' : 'no user context');
      return parts.join(' ');
    }
    if (body.what === 'resumes-in') return `resumes in ${body.entry}`;
    if (body.what === 'shares') return `${body.shared ? 'shares' : 'does not share'} ${body.resource} with ${printName(body.other)}`;
    return undefined;
  },
};
