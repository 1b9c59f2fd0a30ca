/** The language server's services for tests (no connection, no file system), and a scenario to write markers into. */
import { EmptyFileSystem, type LangiumDocument } from 'langium';
import { parseHelper } from 'langium/test';
import { createExecsimServerServices, type ExecsimServerServices } from '../../../language-server/src/lsp/services.js';

let services: ExecsimServerServices | undefined;

export function lsp(): ExecsimServerServices {
  services ??= createExecsimServerServices(EmptyFileSystem);
  return services;
}

/** A parsed, linked and validated document, as the server holds an open one. */
export async function open(text: string): Promise<LangiumDocument> {
  return parseHelper(lsp().Execsim)(text, { validation: true });
}

/** Splits `<|>` out of a text: the text without it and the marker's offset. */
export function marked(text: string): { text: string; offset: number } {
  const offset = text.indexOf('<|>');
  if (offset < 0) throw new Error('no <|> marker');
  return { text: text.slice(0, offset) + text.slice(offset + 3), offset };
}

/** A setuid exec on Linux: a world with files, a task with fds, a labelled action and expectations. */
export const PASSWD = `system linux

filesystem {
  file /usr/bin/passwd elf static mode 4755 owner 0:0
  file /etc/shadow data
  device /dev/tty
}

task login pid 300 {
  uid 1000 gid 1000
  fd 0 = /dev/tty rw
  fd 3 = /etc/shadow ro cloexec
}

@passwd login: execve /usr/bin/passwd ["passwd"]
expect @passwd succeeds
expect login euid 0
`;
