/**
 * The scenario language server in a browser web worker (the playground): LSP
 * messages come and go through the worker's postMessage; files exist only as
 * the client's open documents (Langium's EmptyFileSystem).
 *
 * No Node module may be imported from here or anything it imports
 * (test/language-server/lsp/browser-safe.test.ts checks it).
 */
import { EmptyFileSystem } from 'langium';
import { startLanguageServer } from 'langium/lsp';
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser.js';
import { createExecsimServerServices } from './services.js';

// The worker's global scope; typed loosely since the project compiles without the DOM library.
declare const self: ConstructorParameters<typeof BrowserMessageReader>[0];

const reader = new BrowserMessageReader(self);
const writer = new BrowserMessageWriter(self);
const connection = createConnection(reader, writer);
const { shared } = createExecsimServerServices({ connection, ...EmptyFileSystem });
startLanguageServer(shared);
