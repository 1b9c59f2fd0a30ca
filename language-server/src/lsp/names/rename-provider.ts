/**
 * Rename a task, thread, label, file or pipe/socket/kqueue/port everywhere in
 * the scenario. The new name must read back as the same kind of word, so a
 * rename can never turn the text into something else: a name that is not an
 * identifier (or a keyword) is refused with the reason, and a file name is
 * written bare or quoted as the printer would write it.
 */
import type { LangiumDocument, MaybePromise } from 'langium';
import type { RenameProvider } from 'langium/lsp';
import { ResponseError, type Range, type RenameParams, type TextDocumentPositionParams, type WorkspaceEdit } from 'vscode-languageserver';
import { isBareName, languageKeywords, printPath } from '../../language/printer/tokens.js';
import { nameIndexOf } from './name-index-cache.js';
import type { NameOccurrence } from './name-index.js';

/** LSP's RequestFailed: the request was valid but could not be carried out. */
const REQUEST_FAILED = -32803;

export class ExecsimRenameProvider implements RenameProvider {
  prepareRename(document: LangiumDocument, params: TextDocumentPositionParams): MaybePromise<Range | undefined> {
    return nameIndexOf(document).at(params.position.line, params.position.character)?.range;
  }

  rename(document: LangiumDocument, params: RenameParams): MaybePromise<WorkspaceEdit | undefined> {
    const index = nameIndexOf(document);
    const here = index.at(params.position.line, params.position.character);
    if (!here) return undefined;
    const written = newText(here, params.newName);
    const own = here.kind === 'thread' ? here.name.slice(here.name.indexOf('.') + 1) : here.name;
    if (here.kind !== 'file' && index.occurrences.some((o) => o.kind === here.kind && o.declaration && sameScope(o, here) && shortName(o) === written && written !== own)) {
      throw new ResponseError(REQUEST_FAILED, `a ${here.kind} named ${written} already exists`);
    }
    return { changes: { [document.uri.toString()]: index.same(here).map((o) => ({ range: o.range, newText: written })) } };
  }
}

function shortName(o: NameOccurrence): string {
  return o.kind === 'thread' ? o.name.slice(o.name.indexOf('.') + 1) : o.name;
}

function sameScope(a: NameOccurrence, b: NameOccurrence): boolean {
  return a.kind !== 'thread' || a.name.slice(0, a.name.indexOf('.')) === b.name.slice(0, b.name.indexOf('.'));
}

function newText(o: NameOccurrence, newName: string): string {
  const name = newName.trim();
  if (o.kind === 'file') {
    if (!name.startsWith('/') && !name.startsWith('./') && !name.startsWith('../')) {
      throw new ResponseError(REQUEST_FAILED, `${JSON.stringify(name)} is not a path: a file's name starts with /, ./ or ../`);
    }
    return printPath(name);
  }
  if (o.kind === 'label') {
    const label = name.startsWith('@') ? name : `@${name}`;
    if (!/^@[A-Za-z_][A-Za-z0-9_-]*$/.test(label)) throw new ResponseError(REQUEST_FAILED, `${JSON.stringify(name)} is not a label: write @ then a letter, digits, _ or -`);
    return label;
  }
  if (!isBareName(name) || languageKeywords().has(name) || name === 'main') {
    throw new ResponseError(REQUEST_FAILED, `${JSON.stringify(name)} cannot name a ${o.kind}: use a letter, then letters, digits, _ or -, and no keyword of the language`);
  }
  return name;
}
