#!/usr/bin/env node
/**
 * execsim-debug: the debug adapter as an executable for any DAP client
 * (nvim-dap, Emacs dap-mode, VS Code's `debugServer`): DAP over stdin/stdout,
 * or with `--server=PORT` over TCP on 127.0.0.1.
 */
import { ExecsimDebugSession } from '../dap/session.js';
import { NodeHost } from './node-host.js';
import { startServer } from './server.js';

const serverArg = process.argv.slice(2).find((a) => a.startsWith('--server='));
if (serverArg) {
  const port = Number(serverArg.slice('--server='.length));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`execsim-debug: --server wants a port number, not ${serverArg.slice('--server='.length)}`);
    process.exit(2);
  }
  const server = await startServer(port);
  const address = server.address();
  console.error(`execsim-debug: listening on 127.0.0.1:${typeof address === 'object' && address ? address.port : port}`);
} else if (process.argv.length > 2) {
  console.error('usage: execsim-debug [--server=PORT]   (DAP on stdin/stdout, or on TCP 127.0.0.1:PORT)');
  process.exit(2);
} else {
  const session = new ExecsimDebugSession(new NodeHost());
  process.on('SIGTERM', () => session.shutdown());
  session.start(process.stdin, process.stdout);
}
