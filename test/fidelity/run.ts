/**
 * One fidelity scenario, both ways: the simulator runs the relocated
 * scenario, the setup probe runs it on this machine's kernel, and the two
 * views are compared field by field.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine, type Scenario } from '../../sim-core/src/index.js';
import { compareViews, hostView, simView, type FieldComparison } from './observation.js';
import { UnsupportedOnHost, writePlan } from './plan.js';
import type { Probes } from './probes.js';
import { buildHostWorld, canMount, canUseDevices, makePlaces, relocate, removePlaces, type HostWorld } from './world.js';

export interface FidelityScenario {
  /** What the scenario shows, as a sentence. */
  readonly name: string;
  readonly scenario: Scenario;
  /**
   * false: run the host side with personality(ADDR_NO_RANDOMIZE). The
   * simulator models the new stack without the random shift of up to 8 KiB
   * that arch_align_stack adds, so boundary cases are only comparable so.
   */
  readonly aslr?: boolean;
  /** Where the kernel version decides: the rule that applies to a version, said in words. */
  readonly versionRule?: (kernelVersion: string) => string;
}

export type FidelityResult =
  | { readonly kind: 'compared'; readonly fields: readonly FieldComparison[]; readonly rule?: string; readonly notes: readonly string[] }
  | { readonly kind: 'skipped'; readonly reason: string };

/** The running kernel's version, as the simulator's machine.kernelVersion takes it. */
export function hostKernelVersion(): string {
  return os.release();
}

let mountCheck: string | undefined | null = null;
let deviceCheck: string | undefined | null = null;

function needsMount(s: Scenario): boolean {
  return s.filesystem.mounts.some((m) => m.noexec || m.nosuid || m.readonly);
}

/** Owners, credentials, device nodes and mounts need root on the host. */
function needsRoot(s: Scenario): boolean {
  return (
    needsMount(s) ||
    s.filesystem.nodes.some((n) => n.kind === 'device' || (n.owner && (n.owner.uid !== 0 || n.owner.gid !== 0)) || (n.mode ?? 0) & 0o6000) ||
    s.tasks.some((t) => t.creds !== undefined)
  );
}

/** Why this machine cannot run the scenario, if it cannot. */
function hostCannot(s: Scenario): string | undefined {
  const uid = process.getuid?.() ?? -1;
  if (uid !== 0 && needsRoot(s)) return `needs root for owners, credentials, devices or mounts (this run is uid ${uid})`;
  if (needsMount(s)) {
    if (mountCheck === null) mountCheck = canMount();
    if (mountCheck) return mountCheck;
  }
  if (s.filesystem.nodes.some((n) => n.kind === 'device')) {
    if (deviceCheck === null) deviceCheck = canUseDevices();
    if (deviceCheck) return deviceCheck;
  }
  return undefined;
}

function readLines(file: string): string[] {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

export function runFidelity(fidelity: FidelityScenario, probes: Probes): FidelityResult {
  const cannot = hostCannot(fidelity.scenario);
  if (cannot) return { kind: 'skipped', reason: cannot };
  const version = hostKernelVersion();
  const places = makePlaces();
  let world: HostWorld | undefined;
  try {
    const scenario = relocate(fidelity.scenario, places, version);
    let plan: string;
    try {
      plan = writePlan(scenario, { noRandomize: fidelity.aslr === false });
    } catch (e) {
      if (e instanceof UnsupportedOnHost) return { kind: 'skipped', reason: e.message };
      throw e;
    }
    const engine = new Engine(scenario, { checkInvariants: true });
    engine.runToEnd();
    const sim = simView(scenario, engine);

    try {
      world = buildHostWorld(scenario, probes);
    } catch (e) {
      return { kind: 'skipped', reason: `this host cannot build the scenario's files: ${(e as Error).message.split('\n')[0]}` };
    }
    const planFile = path.join(places.base, 'plan');
    fs.writeFileSync(planFile, plan);
    const child = spawnSync(probes.setup, [planFile, places.out], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000, killSignal: 'SIGKILL' });
    if (child.error) throw child.error;
    if (child.status !== 0) {
      const results = readLines(path.join(places.out, 'results.txt'));
      throw new Error(`the setup probe failed (status ${child.status}, signal ${child.signal}): ${results.join(' | ')} ${child.stderr.toString()}`);
    }
    const results = readLines(path.join(places.out, 'results.txt'));
    const setupFailure = results.find((l) => l.startsWith('setup '));
    if (setupFailure) throw new Error(`the host could not build the initial state: ${setupFailure}`);
    const host = hostView(scenario, {
      results,
      ids: readLines(path.join(places.out, 'ids.txt')),
      out: places.out,
      supervisor: child.pid ?? -1,
    });
    // Shown without the temp folder: the scenario's own paths ("/" for the root itself).
    const strip = (text: string) => text.split(places.root + '/').join('/').split(places.root).join('/');
    const fields = compareViews(sim, host).map((f) => ({ ...f, sim: strip(f.sim), host: strip(f.host) }));
    const notes = fidelity.aslr === false ? ['host run with personality(ADDR_NO_RANDOMIZE)'] : [];
    return { kind: 'compared', fields, notes, ...(fidelity.versionRule ? { rule: fidelity.versionRule(version) } : {}) };
  } finally {
    removePlaces(places, world);
  }
}
