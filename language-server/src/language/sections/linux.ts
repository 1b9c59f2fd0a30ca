/**
 * The Linux section (linux.langium): kernel version, nommu, binfmt_misc rules,
 * the fs ids and no_new_privs of the credential model, and the auxv values the
 * new program sees.
 */
import type { AstNode } from 'langium';
import * as ast from '../generated/ast.js';
import type { MachineSpec, TaskSpec } from '../../../../sim-core/src/scenario/scenario.js';
import type { BinfmtMiscSpec } from '../../../../sim-core/src/scenario/scenario.js';
import { locOf, rangeOf, textOf, type LoweringContext } from '../lowering/context.js';
import { lowerString } from '../lowering/strings.js';
import { BINFMT_MISC_FLAGS } from '../lowering/vocabulary.js';
import { printPath, printString, printWord } from '../printer/tokens.js';
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
    return false;
  },

  lowerTaskCheck(node: AstNode): TaskCheckBody | undefined {
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
    return lines;
  },

  printTaskCheck(body: TaskCheckBody): string | undefined {
    if (body.what === 'cred' && (body.field === 'fsuid' || body.field === 'fsgid') && typeof body.value === 'number') return `${body.field} ${body.value}`;
    if (body.what === 'auxv') return `${body.key} ${body.value === null ? 'absent' : body.value}`;
    return undefined;
  },
};
