#!/usr/bin/env node
/**
 * execsim-language-server: the scenario language server for any LSP client,
 * over stdin/stdout (`--stdio`) or Node IPC (`--node-ipc`, as VS Code's
 * language client starts it). The transport is chosen by vscode-languageserver
 * from the command line.
 */
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { createExecsimServerServices } from './services.js';

const TRANSPORTS = ['--stdio', '--node-ipc'];
const args = process.argv.slice(2);
if (args.includes('--help') || !args.some((a) => TRANSPORTS.includes(a) || a.startsWith('--socket=') || a.startsWith('--pipe='))) {
  const out = args.includes('--help') ? console.log : console.error;
  out('usage: execsim-language-server --stdio | --node-ipc   (the Language Server Protocol for *.execsim scenarios)');
  process.exit(args.includes('--help') ? 0 : 2);
}

const connection = createConnection(ProposedFeatures.all);
const { shared } = createExecsimServerServices({ connection, ...NodeFileSystem });
startLanguageServer(shared);
