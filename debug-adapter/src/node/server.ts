/**
 * `--server=PORT`: one session per TCP connection, on 127.0.0.1 only (tests
 * and debugging the adapter itself connect here).
 */
import * as net from 'node:net';
import { ExecsimDebugSession } from '../dap/session.js';
import type { DebugHost } from '../dap/host.js';
import { NodeHost } from './node-host.js';

export function startServer(port: number, host: DebugHost = new NodeHost()): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => {
      // A stop is a response, output and stopped event in a row: without this Nagle's
      // algorithm holds the later ones until the client acknowledges the first.
      socket.setNoDelay(true);
      const session = new ExecsimDebugSession(host);
      session.setRunAsServer(true);
      session.start(socket, socket);
      socket.on('error', () => socket.destroy());
    });
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
