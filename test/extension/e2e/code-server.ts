/**
 * One code-server for the suite, isolated in a temporary home: its own user
 * data and extensions directories, the execsim .vsix installed, settings that
 * keep the workbench quiet offline. Stopped by killing its process group.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { Tools } from './tools.js';

const SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'github.gitAuthentication': false,
  'git.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'editor.minimap.enabled': false,
  'window.commandCenter': false,
  'chat.disableAIFeatures': true,
  'workbench.colorTheme': 'Default Dark Modern',
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export class CodeServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly log: () => string,
  ) {}

  /** Environment confined to `home`: code-server and Chromium write config, sockets and caches there. */
  static environment(home: string, tools: Tools): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, TMPDIR: path.join(home, 'tmp'), PATH: `${tools.nodeBin}:${process.env.PATH ?? ''}` };
    for (const [name, dir] of [['XDG_CONFIG_HOME', '.config'], ['XDG_DATA_HOME', '.local/share'], ['XDG_CACHE_HOME', '.cache'], ['XDG_STATE_HOME', '.local/state']] as const) {
      env[name] = path.join(home, dir);
      fs.mkdirSync(env[name]!, { recursive: true });
    }
    fs.mkdirSync(env.TMPDIR!, { recursive: true });
    delete env.npm_config_nodedir;
    return env;
  }

  static async start(tools: Tools, home: string, folder: string): Promise<CodeServer> {
    const env = CodeServer.environment(home, tools);
    const userData = path.join(home, 'user-data');
    const extensions = path.join(home, 'extensions');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
    execFileSync(tools.codeServer, ['--extensions-dir', extensions, '--user-data-dir', userData, '--install-extension', tools.vsix, '--force'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const port = await freePort();
    const args = ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', userData, '--extensions-dir', extensions];
    args.push('--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened', folder);
    const child = spawn(tools.codeServer, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout!.on('data', (b: Buffer) => (log += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (log += b.toString()));
    const base = `http://127.0.0.1:${port}`;
    const server = new CodeServer(child, `${base}/?folder=${encodeURIComponent(folder)}`, () => log);
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${log}`);
      try {
        if ((await fetch(`${base}/healthz`)).ok) return server;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        server.stop();
        throw new Error(`code-server did not answer on ${base}/healthz within 60 s:\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  stop(): void {
    if (this.child.pid === undefined || this.child.exitCode !== null) return;
    try {
      process.kill(-this.child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
