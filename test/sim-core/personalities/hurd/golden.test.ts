import { renderRpcTrace } from '../../../../sim-core/src/personalities/hurd/index.js';
import { assertGolden } from '../../../support/golden.js';
import { EXAMPLES } from './examples.js';
import { glibc, labels, last, run } from './support.js';

const SHOWN: Record<string, string[]> = {
  'same-task-cloexec': ['shell'],
  'setuid-new-task': ['shell'],
  'setuid-id-held': ['shell'],
  'script-dev-fd': ['shell'],
  'spawn-file-actions': ['shell', 'kid'],
  'failure-before-ponr': ['shell'],
  'failure-after-ponr': [],
  boot: ['exec'],
};

describe('Hurd rpctrace-like traces (golden)', () => {
  for (const [name, make] of Object.entries(EXAMPLES)) {
    it(`matches the golden trace of ${name}`, () => {
      const e = run(make());
      const s = last(e);
      const out = [...renderRpcTrace(e)];
      for (const task of SHOWN[name] ?? []) {
        out.push('', `== ${task}: port namespace`, ...labels(s, task), `== ${task}: glibc`, ...glibc(s, task));
      }
      assertGolden(`test/sim-core/personalities/hurd/golden/${name}.txt`, out.join('\n'));
    });
  }
});
