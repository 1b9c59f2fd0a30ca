/**
 * The real language server (Langium's startLanguageServer with our services)
 * on one end of a pair of in-memory streams, and a JSON-RPC client on the
 * other: the whole protocol path, without a process per test.
 */
import { PassThrough } from 'node:stream';
import { EmptyFileSystem } from 'langium';
import { startLanguageServer } from 'langium/lsp';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node.js';
import { createConnection } from 'vscode-languageserver/node.js';
import type { Diagnostic, InitializeResult } from 'vscode-languageserver';
import { createExecsimServerServices } from '../../../../language-server/src/lsp/services.js';

export interface Session {
  readonly client: MessageConnection;
  readonly initialized: InitializeResult;
  /** The latest diagnostics published for each URI. */
  readonly diagnostics: Map<string, Diagnostic[]>;
  /** Resolves when diagnostics for the URI arrive after this call. */
  nextDiagnostics(uri: string): Promise<Diagnostic[]>;
  close(): Promise<void>;
}

export async function startSession(): Promise<Session> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const connection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  const { shared } = createExecsimServerServices({ connection, ...EmptyFileSystem });
  startLanguageServer(shared);

  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const diagnostics = new Map<string, Diagnostic[]>();
  const waiting = new Map<string, Array<(d: Diagnostic[]) => void>>();
  client.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diagnostic[] }) => {
    diagnostics.set(p.uri, p.diagnostics);
    const list = waiting.get(p.uri) ?? [];
    waiting.delete(p.uri);
    for (const resolve of list) resolve(p.diagnostics);
  });
  client.onNotification('window/logMessage', () => undefined);
  client.onRequest('workspace/configuration', () => []);
  client.onRequest('client/registerCapability', () => null);
  client.listen();
  const initialized = (await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {}, workspaceFolders: null })) as InitializeResult;
  await client.sendNotification('initialized', {});
  return {
    client,
    initialized,
    diagnostics,
    nextDiagnostics(uri) {
      return new Promise((resolve) => waiting.set(uri, [...(waiting.get(uri) ?? []), resolve]));
    },
    async close() {
      client.dispose();
      connection.dispose();
      toServer.destroy();
      toClient.destroy();
    },
  };
}
