/** `npm run playground`: serve the built page and print its address (this file runs from out/playground/server/). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDirectory } from './serve.js';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'playground', 'dist');
const portArg = process.argv.find((a) => a.startsWith('--port='));
const port = portArg ? Number(portArg.slice('--port='.length)) : 8080;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`execsim playground: --port must be a number from 0 to 65535, not ${portArg!.slice(7)}`);
  process.exit(2);
}
if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error(`execsim playground: ${dist} has no index.html; build it first with \`npm run playground:build\``);
  process.exit(2);
}
serveDirectory(dist, port).then(
  (s) => console.log(`execsim playground: ${s.url}  (Ctrl+C stops it)`),
  (e: NodeJS.ErrnoException) => {
    console.error(`execsim playground: cannot listen on 127.0.0.1:${port}: ${e.code === 'EADDRINUSE' ? 'the port is in use (try --port=0)' : e.message}`);
    process.exit(1);
  },
);
