#!/usr/bin/env node
// The execsim command line; the compiled sources are built by `npm ci` (prepare) or `npm run build`.
import '../../out/language-server/src/cli/node-main.js';
