import { parseScenario } from '/work/wt/lang/out/language-server/src/language/index.js';
import * as fs from 'node:fs';
const small = 'system linux\ntask a pid 1\na: close 3\n';
const ex = fs.readFileSync('examples/setuid.execsim', 'utf8');
for (let i = 0; i < 200; i++) await parseScenario(small);
let t = performance.now(); for (let i = 0; i < 2000; i++) await parseScenario(small); console.log('small', ((performance.now() - t) / 2000).toFixed(3));
t = performance.now(); for (let i = 0; i < 300; i++) await parseScenario(ex); console.log('example', ((performance.now() - t) / 300).toFixed(3));
