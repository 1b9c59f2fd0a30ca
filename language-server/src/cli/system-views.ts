/**
 * Views of a run that only one system has, printed by `execsim run` after the
 * phase-by-phase trace: on the Hurd, the RPCs between tasks and servers as
 * rpctrace(1) shows them (sim-core personalities/hurd/describe.ts:
 * renderRpcTrace: one line per request with the port name it went to, the
 * reply indented under it, the rights each message moved).
 */
import type { Engine } from '../../../sim-core/src/engine/engine.js';
import type { SystemId } from '../../../sim-core/src/scenario/scenario.js';
import { renderRpcTrace } from '../../../sim-core/src/personalities/hurd/index.js';

export interface SystemView {
  readonly title: string;
  readonly lines: readonly string[];
}

const VIEWS: Partial<Record<SystemId, (engine: Engine) => readonly string[]>> = {
  hurd: (engine) => renderRpcTrace(engine),
};

const TITLES: Partial<Record<SystemId, string>> = { hurd: 'RPCs (as rpctrace shows them)' };

/**
 * The system's own views of the run, if it has any. Statement lines
 * (`LINE: …`, `LINE: ✓ expect …`) show the statement as written in the file.
 */
export function systemViews(system: SystemId, engine: Engine, source: readonly string[]): SystemView[] {
  const view = VIEWS[system];
  if (!view) return [];
  const lines = view(engine).map((line) => {
    const m = /^(\d+): (?:([✓✗]) expect .*?( — saw .*)?|.*)$/.exec(line);
    const text = m ? source[Number(m[1]) - 1]?.trim() : undefined;
    if (!m || !text) return line;
    return `${m[1]}: ${m[2] ? `${m[2]} ` : ''}${text}${m[3] ?? ''}`;
  });
  return [{ title: TITLES[system]!, lines }];
}
