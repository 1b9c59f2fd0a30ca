/*
 * The observation both probes write (see observe.h). The fd list is taken
 * first, before this code opens anything of its own, so that the report shows
 * exactly the table the program started with.
 */
#define _GNU_SOURCE
#include "observe.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

void buf_put(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->n + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p)
			_exit(120);
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void buf_int(struct buf *b, long long v)
{
	char tmp[32];
	int i = sizeof tmp;
	int neg = v < 0;
	unsigned long long u = neg ? -(unsigned long long)v : (unsigned long long)v;
	do {
		tmp[--i] = '0' + (char)(u % 10);
		u /= 10;
	} while (u);
	if (neg)
		tmp[--i] = '-';
	buf_put(b, tmp + i, sizeof tmp - i);
}

void buf_json_string(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	buf_put(b, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			char esc[2] = {'\\', (char)*p};
			buf_put(b, esc, 2);
		} else if (*p < 0x20 || *p >= 0x7f) {
			char esc[6] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15]};
			buf_put(b, esc, 6);
		} else {
			buf_put(b, (const char *)p, 1);
		}
	}
	buf_put(b, "\"", 1);
}

static void key(struct buf *b, const char *k)
{
	if (b->n && b->p[b->n - 1] != '{')
		buf_puts(b, ",");
	buf_json_string(b, k);
	buf_puts(b, ":");
}

/* Reads a small /proc file into `out` (NUL-terminated); returns its length or -1. */
static ssize_t read_small(const char *path, char *out, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, out, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	out[n] = '\0';
	return n;
}

static void readlink_str(const char *path, char *out, size_t size)
{
	ssize_t n = readlink(path, out, size - 1);
	if (n < 0)
		n = 0;
	out[n] = '\0';
}

#define MAX_FDS 4096

/* struct linux_dirent64 (include/linux/dirent.h); glibc has no getdents64 wrapper here. */
struct dirent64_raw {
	unsigned long long ino;
	long long off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

static void observe_fds(struct buf *b)
{
	static int fds[MAX_FDS];
	int count = 0;
	/* getdents64 on a raw fd: opendir's own fd is the only one to leave out. */
	int dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return;
	char ents[8192];
	for (;;) {
		long n = syscall(SYS_getdents64, dir, ents, sizeof ents);
		if (n <= 0)
			break;
		for (long off = 0; off < n;) {
			struct dirent64_raw *d = (void *)(ents + off);
			off += d->reclen;
			if (d->name[0] < '0' || d->name[0] > '9')
				continue;
			int fd = atoi(d->name);
			if (fd != dir && count < MAX_FDS)
				fds[count++] = fd;
		}
	}
	close(dir);
	/* Increasing order, as the simulator lists its table. */
	for (int i = 1; i < count; i++)
		for (int j = i; j > 0 && fds[j - 1] > fds[j]; j--) {
			int t = fds[j];
			fds[j] = fds[j - 1];
			fds[j - 1] = t;
		}
	key(b, "fds");
	buf_puts(b, "[");
	for (int i = 0; i < count; i++) {
		char path[64], target[4096];
		int fd = fds[i];
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		readlink_str(path, target, sizeof target);
		int fdflags = fcntl(fd, F_GETFD);
		int flflags = fcntl(fd, F_GETFL);
		struct stat st;
		const char *kind = "other";
		if (fstat(fd, &st) == 0) {
			if (S_ISREG(st.st_mode))
				kind = "file";
			else if (S_ISDIR(st.st_mode))
				kind = "dir";
			else if (S_ISFIFO(st.st_mode))
				kind = "pipe";
			else if (S_ISCHR(st.st_mode))
				kind = "char";
			else if (S_ISSOCK(st.st_mode))
				kind = "socket";
		} else if (errno == EBADF) {
			continue;
		}
		if (i)
			buf_puts(b, ",");
		buf_puts(b, "{\"fd\":");
		buf_int(b, fd);
		buf_puts(b, ",\"target\":");
		buf_json_string(b, target);
		buf_puts(b, ",\"kind\":");
		buf_json_string(b, kind);
		buf_puts(b, ",\"ino\":");
		buf_int(b, (long long)st.st_ino);
		buf_puts(b, ",\"flags\":");
		buf_int(b, flflags);
		buf_puts(b, ",\"cloexec\":");
		buf_puts(b, (fdflags >= 0 && (fdflags & FD_CLOEXEC)) ? "true" : "false");
		buf_puts(b, "}");
	}
	buf_puts(b, "]");
}

/* "Uid:\t0\t0\t0\t0" → the four numbers as a JSON array. */
static void status_line(struct buf *b, const char *status, const char *field, const char *name)
{
	const char *p = strstr(status, field);
	key(b, name);
	buf_puts(b, "[");
	if (p) {
		p += strlen(field);
		int first = 1;
		while (*p && *p != '\n') {
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p < '0' || *p > '9')
				break;
			long long v = strtoll(p, (char **)&p, 10);
			if (!first)
				buf_puts(b, ",");
			buf_int(b, v);
			first = 0;
		}
	}
	buf_puts(b, "]");
}

static void sigset_json(struct buf *b, const char *name, const sigset_t *set)
{
	key(b, name);
	buf_puts(b, "[");
	int first = 1;
	for (int sig = 1; sig < 32; sig++) {
		if (sigismember(set, sig) == 1) {
			if (!first)
				buf_puts(b, ",");
			buf_int(b, sig);
			first = 0;
		}
	}
	buf_puts(b, "]");
}

static int count_threads(void)
{
	int dir = open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return -1;
	char ents[8192];
	int count = 0;
	for (;;) {
		long n = syscall(SYS_getdents64, dir, ents, sizeof ents);
		if (n <= 0)
			break;
		for (long off = 0; off < n;) {
			struct dirent64_raw *d = (void *)(ents + off);
			if (d->name[0] >= '0' && d->name[0] <= '9')
				count++;
			off += d->reclen;
		}
	}
	close(dir);
	return count;
}

long long stack_rlimit(void)
{
	struct rlimit rl;
	getrlimit(RLIMIT_STACK, &rl);
	return rl.rlim_cur == RLIM_INFINITY ? -1 : (long long)rl.rlim_cur;
}

void observe(struct buf *b, int argc, char **argv, const struct memvar *vars, int nvars, long long stack_limit)
{
	observe_fds(b);

	key(b, "pid");
	buf_int(b, getpid());
	key(b, "ppid");
	buf_int(b, getppid());
	key(b, "tid");
	buf_int(b, syscall(SYS_gettid));
	key(b, "threads");
	buf_int(b, count_threads());

	static char status[16384];
	if (read_small("/proc/self/status", status, sizeof status) < 0)
		status[0] = '\0';
	status_line(b, status, "\nUid:", "uid");
	status_line(b, status, "\nGid:", "gid");
	status_line(b, status, "\nGroups:", "groups");
	status_line(b, status, "\nNoNewPrivs:", "nnp");
	key(b, "secure");
	buf_int(b, (long long)getauxval(AT_SECURE));

	char text[4096];
	if (read_small("/proc/self/comm", text, sizeof text) < 0)
		text[0] = '\0';
	char *nl = strchr(text, '\n');
	if (nl)
		*nl = '\0';
	key(b, "comm");
	buf_json_string(b, text);
	readlink_str("/proc/self/exe", text, sizeof text);
	key(b, "exe");
	buf_json_string(b, text);
	if (!getcwd(text, sizeof text))
		text[0] = '\0';
	key(b, "cwd");
	buf_json_string(b, text);
	mode_t mask = umask(0);
	umask(mask);
	key(b, "umask");
	buf_int(b, mask);
	key(b, "stack");
	buf_int(b, stack_limit);

	key(b, "argv");
	buf_puts(b, "[");
	for (int i = 0; i < argc; i++) {
		if (i)
			buf_puts(b, ",");
		buf_json_string(b, argv[i]);
	}
	buf_puts(b, "]");

	key(b, "disp");
	buf_puts(b, "{");
	int first = 1;
	for (int sig = 1; sig < 32; sig++) {
		struct sigaction sa;
		if (sig == SIGKILL || sig == SIGSTOP || sigaction(sig, NULL, &sa) != 0)
			continue;
		if (sa.sa_handler == SIG_DFL)
			continue;
		if (!first)
			buf_puts(b, ",");
		first = 0;
		char num[8];
		snprintf(num, sizeof num, "%d", sig);
		buf_json_string(b, num);
		buf_puts(b, ":");
		buf_json_string(b, sa.sa_handler == SIG_IGN ? "ignore" : "handler");
	}
	buf_puts(b, "}");
	sigset_t set;
	sigprocmask(SIG_SETMASK, NULL, &set);
	sigset_json(b, "blocked", &set);
	sigpending(&set);
	sigset_json(b, "pending", &set);

	key(b, "memory");
	buf_puts(b, "{");
	for (int i = 0; i < nvars; i++) {
		if (i)
			buf_puts(b, ",");
		buf_json_string(b, vars[i].name);
		buf_puts(b, ":");
		buf_json_string(b, vars[i].value);
	}
	buf_puts(b, "}");
}

int write_file(const char *path, const struct buf *b)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		return -1;
	size_t off = 0;
	while (off < b->n) {
		ssize_t n = write(fd, b->p + off, b->n - off);
		if (n <= 0) {
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	close(fd);
	return 0;
}
