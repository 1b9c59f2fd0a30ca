/**
 * The launch attributes (package.json contributes the same schema to VS Code):
 *   scenario         path of the scenario (.execsim, or .json holding a sim-core Scenario)
 *   system           run it as another system (linux, hurd, cloudabi, l4hurd)
 *   stopOnEntry      stop before the first statement
 *   stepGranularity  what Step Over goes to: action (next statement), phase (next phase
 *                    at this level, the default) or event (next event of any kind)
 *   trace            write the event stream to this file (JSON Lines; .txt/.log: text)
 *   noDebug          run to the end and print the result (set by "Run Without Debugging")
 */
import { SYSTEMS, type SystemId } from '../../../sim-core/src/index.js';
import { UserError } from './errors.js';

export type StepGranularity = 'action' | 'phase' | 'event';

export interface LaunchArguments {
  readonly scenario: string;
  readonly system?: SystemId;
  readonly stopOnEntry: boolean;
  readonly stepGranularity: StepGranularity;
  readonly trace?: string;
  readonly noDebug: boolean;
}

const GRANULARITIES: readonly StepGranularity[] = ['action', 'phase', 'event'];

export function checkLaunchArguments(raw: unknown): LaunchArguments {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UserError('launch: the arguments must be an object with at least "scenario"', true);
  const a = raw as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof a.scenario !== 'string' || a.scenario.trim() === '') problems.push('"scenario" is required: the path of a .execsim or .json scenario');
  if (a.system !== undefined && !SYSTEMS.includes(a.system as SystemId)) problems.push(`"system" must be one of ${SYSTEMS.join(', ')}, not ${JSON.stringify(a.system)}`);
  if (a.stopOnEntry !== undefined && typeof a.stopOnEntry !== 'boolean') problems.push('"stopOnEntry" must be true or false');
  if (a.stepGranularity !== undefined && !GRANULARITIES.includes(a.stepGranularity as StepGranularity)) {
    problems.push(`"stepGranularity" must be one of ${GRANULARITIES.join(', ')}, not ${JSON.stringify(a.stepGranularity)}`);
  }
  if (a.trace !== undefined && (typeof a.trace !== 'string' || a.trace.trim() === '')) problems.push('"trace" must be the path of a file to write the event stream to');
  if (a.noDebug !== undefined && typeof a.noDebug !== 'boolean') problems.push('"noDebug" must be true or false');
  if (problems.length) throw new UserError(`launch: ${problems.join('; ')}`, true);
  return {
    scenario: a.scenario as string,
    ...(a.system !== undefined ? { system: a.system as SystemId } : {}),
    stopOnEntry: a.stopOnEntry === true,
    stepGranularity: (a.stepGranularity as StepGranularity | undefined) ?? 'phase',
    ...(typeof a.trace === 'string' ? { trace: a.trace } : {}),
    noDebug: a.noDebug === true,
  };
}
