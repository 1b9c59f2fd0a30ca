/**
 * Large scenario texts for the language benchmarks: a filesystem, many tasks
 * with fd tables, and actions and expectations that name them, in the
 * proportions of the examples.
 */
export function largeScenario(lines: number): string {
  const out: string[] = ['// generated for the benchmark', 'system linux', '', 'filesystem {', '  file /bin/sh elf static', '  device /dev/tty'];
  const files = Math.max(1, Math.floor(lines / 10));
  // Ten files a directory, as real trees have them.
  const file = (i: number) => `/srv/data/d${Math.floor(i / 10)}/f${i}`;
  for (let i = 0; i < files; i++) out.push(`  file ${file(i)} data mode 0644 owner 1000:1000`);
  out.push('}', '');
  const tasks = Math.max(1, Math.floor(lines / 50));
  for (let t = 0; t < tasks; t++) {
    out.push(`task t${t} pid ${100 + t} {`, '  uid 1000 gid 1000', '  cwd /srv/data', '  fd 0 = /dev/tty rw', `  fd 3 = ${file(t % files)} ro cloexec`, '  blocked SIGUSR1', '}');
  }
  out.push('');
  let n = 0;
  while (out.length < lines) {
    // Each pair of lines (action, then expectation) is about the same task.
    const t = `t${Math.floor(n / 2) % tasks}`;
    switch (n % 10) {
      case 0:
        out.push(`@open${n} ${t}: open ${file(n % files)} O_RDONLY|O_CLOEXEC`);
        break;
      case 1:
        out.push(`expect @open${n - 1} succeeds`);
        break;
      case 2:
        out.push(`${t}: dup 0`);
        break;
      case 3:
        out.push(`expect ${t} fd 0 = /dev/tty rw`);
        break;
      case 4:
        out.push(`${t}: sigprocmask SIG_BLOCK SIGUSR2`);
        break;
      case 5:
        out.push(`expect ${t} blocked SIGUSR1 SIGUSR2`);
        break;
      case 6:
        out.push(`${t}: execve /bin/sh ["sh", "-c", "echo ${n}"] env ["HOME=/srv/data"]`);
        break;
      case 7:
        out.push(`expect ${t} execve succeeds`);
        break;
      case 8:
        out.push(`${t}: fcntl 0 F_SETFD 1`);
        break;
      default:
        out.push(`expect ${t} fd 3 closed`);
    }
    n++;
  }
  return out.slice(0, lines).join('\n') + '\n';
}
