/**
 * Problems only a CloudABI scenario can have, found before it runs: trees no
 * C program could build, proc_exec from a process that is not a CloudABI
 * program, cloudabi-run configurations the simulator cannot run honestly.
 */
import { lookup } from '../../model/filesystem.js';
import { buildFilesystem } from '../../model/filesystem.js';
import type { Problem, ProblemCode } from '../../scenario/problems.js';
import type { Scenario, SourceLoc, TaskSpec } from '../../scenario/scenario.js';
import type { YamlNode } from './actions.js';
import { representationProblems } from './argdata/create.js';
import { CLOUDABI_AUX_TYPES } from './state.js';
import { CLOUDABI_TAG, parseFdNumber, reportedTag } from './run/yaml-to-argdata.js';

/** A task starts in capability mode when the scenario says so or its program is a CloudABI ELF (SV_CAPSICUM). */
export function startsInCapabilityMode(spec: TaskSpec, fs: ReturnType<typeof buildFilesystem> | undefined): boolean {
  if (spec.capabilityMode !== undefined) return spec.capabilityMode;
  if (!spec.exe || !fs) return false;
  const res = lookup(fs, spec.exe, { base: '/', root: '/', creds: { uid: 0, euid: 0, suid: 0, fsuid: 0, gid: 0, egid: 0, sgid: 0, fsgid: 0, groups: [] }, followFinal: true, noPermission: true });
  return res.ok && res.inode.content?.type === 'elf' && res.inode.content.osabi === 'cloudabi';
}

function yamlProblems(node: YamlNode | null, at: string, add: (code: ProblemCode, at: string, message: string, hint?: string, loc?: SourceLoc) => void): void {
  if (node === null) return;
  if (node.tag !== undefined && !node.tag.startsWith('!') && !node.tag.startsWith('tag:')) {
    add('bad-value', at, `tag "${node.tag}" is neither a !shorthand nor a tag: URI`, undefined, node.loc);
  }
  const tag = reportedTag(node);
  if (tag === CLOUDABI_TAG + 'flower_switchboard_handle') {
    add('bad-value', at, '!flower_switchboard_handle is not simulated', 'it needs a running Flower switchboard daemon; pass a socket with !fd instead', node.loc);
  }
  if (node.kind === 'scalar' && tag === CLOUDABI_TAG + 'fd') {
    const fd = parseFdNumber(node.value);
    if (fd !== undefined && fd < 0 && node.value !== 'stdout' && node.value !== 'stderr') {
      add('bad-value', at, `!fd ${node.value}: argdata_create_fd refuses a negative fd and cloudabi-run would go on with a null argdata`, 'use an fd number from 0 up, stdout or stderr', node.loc);
    }
  }
  if (node.kind === 'seq') node.items.forEach((item, i) => yamlProblems(item, `${at}.items[${i}]`, add));
  if (node.kind === 'map') {
    node.entries.forEach((e, i) => {
      yamlProblems(e.key, `${at}.entries[${i}].key`, add);
      yamlProblems(e.value, `${at}.entries[${i}].value`, add);
    });
  }
}

export function validateCloudabi(scenario: Scenario): Problem[] {
  const problems: Problem[] = [];
  const add = (code: ProblemCode, at: string, message: string, hint?: string, loc?: SourceLoc) =>
    problems.push({ code, at, message, ...(hint ? { hint } : {}), ...(loc ? { loc } : {}) });
  let fs: ReturnType<typeof buildFilesystem> | undefined;
  try {
    fs = buildFilesystem(scenario.filesystem);
  } catch {
    fs = undefined;
  }
  const cloudabiTasks = new Set(scenario.tasks.filter((t) => startsInCapabilityMode(t, fs)).map((t) => t.name));

  scenario.actions.forEach((a, i) => {
    const at = `actions[${i}]`;
    if (a.call === 'proc_exec') {
      for (const p of representationProblems(a.argdata)) add('bad-value', `${at}.argdata`, p, undefined, a.loc);
      (a.fds ?? []).forEach((fd, j) => {
        if (!Number.isInteger(fd) || fd < -(2 ** 31) || fd > 2 ** 31 - 1) add('bad-value', `${at}.fds[${j}]`, `fds[${j}] = ${fd} is not a C int`, undefined, a.loc);
      });
      if (!cloudabiTasks.has(a.task)) {
        add(
          'bad-value',
          `${at}.task`,
          `${a.task} is not a CloudABI process: only programs running in capability mode have proc_exec`,
          'give the task `capabilityMode: true` or a CloudABI program as exe, or start it with cloudabi_run first',
          a.loc,
        );
      }
    }
    if (a.call === 'cloudabi_run') {
      if (a.reexec !== undefined && !a.reexec.startsWith('/')) add('relative-path', `${at}.reexec`, `PATH_CLOUDABI_REEXEC "${a.reexec}" is not absolute`, undefined, a.loc);
      yamlProblems(a.config, `${at}.config`, add);
      // After cloudabi-run the process runs a CloudABI program.
      cloudabiTasks.add(a.task);
    }
  });

  scenario.expectations.forEach((e, i) => {
    const at = `expectations[${i}]`;
    if (e.what === 'argdata') for (const p of representationProblems(e.value)) add('bad-value', `${at}.value`, p, undefined, e.loc);
    if (e.what === 'cloudabi-auxv' && !CLOUDABI_AUX_TYPES.includes(e.key)) {
      add('bad-value', `${at}.key`, `${e.key} is not a CloudABI auxiliary vector entry`, `entries: ${CLOUDABI_AUX_TYPES.join(', ')}`, e.loc);
    }
  });
  return problems;
}
