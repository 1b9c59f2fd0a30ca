/*
 * The old program of a fidelity scenario: builds the initial state the
 * scenario describes (fds at given numbers with or without close-on-exec,
 * credentials, signal dispositions, masks and pending signals, threads,
 * rlimits), then performs the scenario's actions one by one, exec included.
 *
 * usage: setup PLAN OUTDIR
 *
 * PLAN has one command per line, fields separated by one space, each field
 * percent-encoded ("~" alone is the empty string):
 *     TASK THREAD OP ARGS...
 * TASK "-" addresses this supervisor ("main NAME", "hold PATH" to keep a
 * file open for writing, "norandom" for personality(ADDR_NO_RANDOMIZE)).
 * Commands for other tasks are skipped, so a forked child runs the commands
 * written for it, and its parent waits for it to end before going on (the
 * scenario's own order, provided a child's actions come right after its
 * fork). Results go to OUTDIR:
 *     results.txt  "A<index> ok <value>" / "A<index> err <ENAME>" per action,
 *                  "status <task> exited <n>" / "status <task> killed <SIGNAME>"
 *     ids.txt      "<task> <thread> <tid>", "pipe <name> <inode>"
 *     obs-<task>.json   the state of a task that ended its commands without
 *                       a successful exec (observe.c)
 * A successful exec leaves the reporting to the new program (report.c).
 */
#define _GNU_SOURCE
#include "observe.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <grp.h>
#include <sys/fsuid.h>

#define MAX_FIELDS 4096
#define TEMP_FD_BASE 3000

struct cmd {
	char *task;
	char *thread;
	char *op;
	int argc;
	char **argv;
};

static struct cmd *cmds;
static int ncmds;
static const char *outdir;

static struct memvar vars[64];
static int nvars;

struct pipe_ends {
	char name[128];
	int fd[2];
};
static struct pipe_ends pipes[64];
static int npipes;

/* ------------------------------------------------------------ plan parsing */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 0;
}

static char *decode(char *s)
{
	if (strcmp(s, "~") == 0)
		return s + 1; /* the empty string */
	char *w = s;
	for (char *r = s; *r; r++) {
		if (*r == '%' && r[1] && r[2]) {
			*w++ = (char)(hexval(r[1]) << 4 | hexval(r[2]));
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return s;
}

static void parse_plan(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		_exit(110);
	struct stat st;
	fstat(fd, &st);
	char *text = malloc((size_t)st.st_size + 1);
	size_t off = 0;
	while (off < (size_t)st.st_size) {
		ssize_t n = read(fd, text + off, (size_t)st.st_size - off);
		if (n <= 0)
			_exit(111);
		off += (size_t)n;
	}
	text[off] = '\0';
	close(fd);
	int lines = 1;
	for (char *p = text; *p; p++)
		lines += *p == '\n';
	cmds = calloc((size_t)lines, sizeof *cmds);
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char **fields = calloc(MAX_FIELDS, sizeof *fields);
		int n = 0;
		char *fsave = NULL;
		for (char *f = strtok_r(line, " ", &fsave); f && n < MAX_FIELDS; f = strtok_r(NULL, " ", &fsave))
			fields[n++] = decode(f);
		if (n < 3)
			continue;
		struct cmd *c = &cmds[ncmds++];
		c->task = fields[0];
		c->thread = fields[1];
		c->op = fields[2];
		c->argc = n - 3;
		c->argv = fields + 3;
	}
}

/* ------------------------------------------------------------ output */

static void append_line(const char *file, const char *line)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", outdir, file);
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
	if (fd < 0)
		return;
	(void)!write(fd, line, strlen(line));
	close(fd);
}

static void log_result(const char *index, long value, int err)
{
	char line[256];
	if (err)
		snprintf(line, sizeof line, "%s err %s\n", index, strerrorname_np(err));
	else
		snprintf(line, sizeof line, "%s ok %ld\n", index, value);
	append_line("results.txt", line);
}

static void log_id(const char *task, const char *thread, long tid)
{
	char line[512];
	snprintf(line, sizeof line, "%s %s %ld\n", task, thread, tid);
	append_line("ids.txt", line);
}

static void log_status(const char *task, int status)
{
	char line[512];
	if (WIFSIGNALED(status))
		snprintf(line, sizeof line, "status %s killed %s\n", task, sigabbrev_np(WTERMSIG(status)));
	else
		snprintf(line, sizeof line, "status %s exited %d\n", task, WEXITSTATUS(status));
	append_line("results.txt", line);
}

static void log_pipe(const char *name, int fd)
{
	struct stat st;
	if (fstat(fd, &st) != 0)
		return;
	char line[512];
	snprintf(line, sizeof line, "pipe %s %llu\n", name, (unsigned long long)st.st_ino);
	append_line("ids.txt", line);
}

static void write_observation(const char *task)
{
	struct buf b = {0};
	buf_puts(&b, "{");
	char *no_argv[1] = {NULL};
	observe(&b, 0, no_argv, vars, nvars, stack_rlimit());
	buf_puts(&b, "}\n");
	char path[4096];
	snprintf(path, sizeof path, "%s/obs-%s.json", outdir, task);
	write_file(path, &b);
}

/* ------------------------------------------------------------ helpers */

static int signo_of(const char *s)
{
	return atoi(s);
}

static int access_flags(const char *access)
{
	if (strcmp(access, "wo") == 0)
		return O_WRONLY;
	if (strcmp(access, "rw") == 0)
		return O_RDWR;
	if (strcmp(access, "path") == 0 || strcmp(access, "exec") == 0)
		return O_PATH;
	return O_RDONLY;
}

/* Moves `fd` to number `target` with the given close-on-exec bit. */
static int place_fd(int fd, int target, int cloexec)
{
	if (fd < 0)
		return -1;
	if (fd == target)
		return fcntl(fd, F_SETFD, cloexec ? FD_CLOEXEC : 0) == 0 ? 0 : -1;
	int r = dup3(fd, target, cloexec ? O_CLOEXEC : 0);
	close(fd);
	return r < 0 ? -1 : 0;
}

static struct pipe_ends *pipe_named(const char *name, int sockets)
{
	for (int i = 0; i < npipes; i++)
		if (strcmp(pipes[i].name, name) == 0)
			return &pipes[i];
	struct pipe_ends *p = &pipes[npipes++];
	snprintf(p->name, sizeof p->name, "%s", name);
	int fds[2];
	if (sockets)
		socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds);
	else
		pipe2(fds, O_CLOEXEC);
	/* Park both ends out of the way until the scenario's fds are placed. */
	p->fd[0] = fcntl(fds[0], F_DUPFD_CLOEXEC, TEMP_FD_BASE);
	p->fd[1] = fcntl(fds[1], F_DUPFD_CLOEXEC, TEMP_FD_BASE);
	close(fds[0]);
	close(fds[1]);
	if (!sockets)
		log_pipe(name, p->fd[0]);
	return p;
}

static int apply_creds(char **a)
{
	uid_t uid = (uid_t)atol(a[0]), euid = (uid_t)atol(a[1]), suid = (uid_t)atol(a[2]), fsuid = (uid_t)atol(a[3]);
	gid_t gid = (gid_t)atol(a[4]), egid = (gid_t)atol(a[5]), sgid = (gid_t)atol(a[6]), fsgid = (gid_t)atol(a[7]);
	gid_t groups[64];
	int ngroups = 0;
	char *save = NULL;
	for (char *g = strtok_r(a[8], ",", &save); g && ngroups < 64; g = strtok_r(NULL, ",", &save))
		groups[ngroups++] = (gid_t)atol(g);
	if (setgroups((size_t)ngroups, groups) != 0)
		return -1;
	if (setresgid(gid, egid, sgid) != 0)
		return -1;
	setfsgid(fsgid);
	if (setresuid(uid, euid, suid) != 0)
		return -1;
	setfsuid(fsuid);
	return 0;
}

static char **string_list(char **a, int *consumed)
{
	int n = atoi(a[0]);
	char **list = calloc((size_t)n + 1, sizeof *list);
	for (int i = 0; i < n; i++)
		list[i] = a[1 + i];
	*consumed = n + 1;
	return list;
}

static void set_disposition(int sig, const char *disp);

/* ------------------------------------------------------------ threads */

struct worker {
	char task[128];
	char name[128];
	pthread_t thread;
	sem_t go, done;
	struct cmd *cmd;
	int cmd_index;
};
static struct worker workers[16];
static int nworkers;

static void execute(const char *self, struct cmd *c, int index);

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	log_id(w->task, w->name, syscall(SYS_gettid));
	sem_post(&w->done);
	for (;;) {
		sem_wait(&w->go);
		execute(w->task, w->cmd, w->cmd_index);
		sem_post(&w->done);
	}
	return NULL;
}

static struct worker *worker_named(const char *name)
{
	for (int i = 0; i < nworkers; i++)
		if (strcmp(workers[i].name, name) == 0)
			return &workers[i];
	return NULL;
}

static int start_worker(const char *task, const char *name)
{
	struct worker *w = &workers[nworkers++];
	snprintf(w->task, sizeof w->task, "%s", task);
	snprintf(w->name, sizeof w->name, "%s", name);
	sem_init(&w->go, 0, 0);
	sem_init(&w->done, 0, 0);
	int r = pthread_create(&w->thread, NULL, worker_main, w);
	if (r != 0)
		return -r;
	sem_wait(&w->done);
	return 0;
}

/* ------------------------------------------------------------ commands */

static void handler(int sig)
{
	(void)sig;
}

static void set_disposition(int sig, const char *disp)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	if (strcmp(disp, "ignore") == 0)
		sa.sa_handler = SIG_IGN;
	else if (strcmp(disp, "handler") == 0)
		sa.sa_handler = handler;
	else
		sa.sa_handler = SIG_DFL;
	sigaction(sig, &sa, NULL);
}

_Noreturn static void run(const char *self, int from, int vforked);

/* Initial state: no result is logged; a failure stops the run (exit 100+). */
static void init_command(const char *self, struct cmd *c)
{
	char **a = c->argv;
	const char *op = c->op;
	int ok = 0;
	if (strcmp(op, "comm") == 0)
		ok = prctl(PR_SET_NAME, a[0]);
	else if (strcmp(op, "cwd") == 0)
		ok = chdir(a[0]);
	else if (strcmp(op, "umask") == 0)
		umask((mode_t)strtol(a[0], NULL, 8));
	else if (strcmp(op, "rlimit") == 0) {
		struct rlimit rl;
		int res = strcmp(a[0], "RLIMIT_STACK") == 0 ? RLIMIT_STACK : RLIMIT_NPROC;
		getrlimit(res, &rl);
		rl.rlim_cur = (rlim_t)atoll(a[1]);
		ok = setrlimit(res, &rl);
	} else if (strcmp(op, "fdopen") == 0) {
		int fd = open(a[4], access_flags(a[1]) | O_CLOEXEC | O_NOCTTY);
		ok = place_fd(fd, atoi(a[0]), atoi(a[2]));
	} else if (strcmp(op, "fddup") == 0) {
		ok = dup3(atoi(a[1]), atoi(a[0]), atoi(a[2]) ? O_CLOEXEC : 0) < 0 ? -1 : 0;
	} else if (strcmp(op, "fdpipe") == 0 || strcmp(op, "fdsock") == 0) {
		int sockets = op[2] == 's';
		struct pipe_ends *p = pipe_named(a[1], sockets);
		int end = strcmp(a[2], "write") == 0 ? 1 : 0;
		ok = dup3(p->fd[end], atoi(a[0]), atoi(a[3]) ? O_CLOEXEC : 0) < 0 ? -1 : 0;
	} else if (strcmp(op, "disp") == 0) {
		set_disposition(signo_of(a[0]), a[1]);
	} else if (strcmp(op, "mask") == 0) {
		sigset_t set;
		sigemptyset(&set);
		for (int i = 0; i < c->argc; i++)
			sigaddset(&set, signo_of(a[i]));
		ok = sigprocmask(SIG_SETMASK, &set, NULL);
	} else if (strcmp(op, "pending") == 0) {
		ok = kill(getpid(), signo_of(a[0]));
	} else if (strcmp(op, "thread") == 0) {
		ok = start_worker(self, a[0]);
	} else if (strcmp(op, "creds") == 0) {
		ok = apply_creds(a);
	} else if (strcmp(op, "nnp") == 0) {
		ok = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	} else if (strcmp(op, "begin") == 0) {
		/* Drop the parked pipe ends: the table is now exactly the scenario's. */
		for (int i = 0; i < npipes; i++) {
			close(pipes[i].fd[0]);
			close(pipes[i].fd[1]);
		}
	} else {
		ok = -1;
		errno = EINVAL;
	}
	if (ok != 0) {
		char line[512];
		snprintf(line, sizeof line, "setup %s %s failed: %s\n", self, op, strerrorname_np(errno));
		append_line("results.txt", line);
		_exit(100);
	}
}

static void perform(const char *self, struct cmd *c, int index)
{
	char **a = c->argv;
	const char *call = a[0];
	const char *idx = c->op; /* "A<index>" */
	long r = 0;
	errno = 0;
	if (strcmp(call, "open") == 0) {
		int flags = 0;
		char *save = NULL;
		for (char *f = strtok_r(a[2], ",", &save); f; f = strtok_r(NULL, ",", &save)) {
			if (!strcmp(f, "O_WRONLY")) flags |= O_WRONLY;
			else if (!strcmp(f, "O_RDWR")) flags |= O_RDWR;
			else if (!strcmp(f, "O_PATH")) flags |= O_PATH;
			else if (!strcmp(f, "O_CLOEXEC")) flags |= O_CLOEXEC;
			else if (!strcmp(f, "O_CREAT")) flags |= O_CREAT;
			else if (!strcmp(f, "O_TRUNC")) flags |= O_TRUNC;
			else if (!strcmp(f, "O_APPEND")) flags |= O_APPEND;
			else if (!strcmp(f, "O_NONBLOCK")) flags |= O_NONBLOCK;
			else if (!strcmp(f, "O_DIRECTORY")) flags |= O_DIRECTORY;
			else if (!strcmp(f, "O_NOFOLLOW")) flags |= O_NOFOLLOW;
		}
		r = open(a[1], flags | O_NOCTTY, (mode_t)strtol(a[3], NULL, 8));
	} else if (strcmp(call, "close") == 0) {
		r = close(atoi(a[1]));
	} else if (strcmp(call, "dup") == 0) {
		r = dup(atoi(a[1]));
	} else if (strcmp(call, "dup2") == 0) {
		r = dup2(atoi(a[1]), atoi(a[2]));
	} else if (strcmp(call, "dup3") == 0) {
		r = dup3(atoi(a[1]), atoi(a[2]), atoi(a[3]) ? O_CLOEXEC : 0);
	} else if (strcmp(call, "fcntl") == 0) {
		int cmd = !strcmp(a[2], "F_GETFD") ? F_GETFD : !strcmp(a[2], "F_SETFD") ? F_SETFD
			: !strcmp(a[2], "F_DUPFD") ? F_DUPFD : F_DUPFD_CLOEXEC;
		r = fcntl(atoi(a[1]), cmd, atoi(a[3]));
	} else if (strcmp(call, "pipe") == 0) {
		int fds[2];
		r = pipe2(fds, atoi(a[2]) ? O_CLOEXEC : 0);
		if (r == 0) {
			log_pipe(a[1], fds[0]);
			r = fds[0];
		}
	} else if (strcmp(call, "chdir") == 0) {
		r = chdir(a[1]);
	} else if (strcmp(call, "umask") == 0) {
		r = umask((mode_t)strtol(a[1], NULL, 8));
	} else if (strcmp(call, "fork") == 0 || strcmp(call, "vfork") == 0) {
		int vf = call[0] == 'v';
		pid_t pid = vf ? vfork() : fork();
		if (pid == 0) {
			if (!vf)
				nworkers = 0; /* only the calling thread survives fork */
			log_id(a[1], "main", getpid());
			run(a[1], index + 1, vf);
			_exit(0); /* not reached: run ends the process */
		}
		r = pid;
		if (pid > 0) {
			log_result(idx, r, 0);
			int status;
			waitpid(pid, &status, 0);
			log_status(a[1], status);
			return;
		}
	} else if (strcmp(call, "pthread_create") == 0) {
		r = start_worker(self, a[1]);
		if (r < 0) {
			errno = (int)-r;
			r = -1;
		}
	} else if (strcmp(call, "exit") == 0) {
		_exit(atoi(a[1]));
	} else if (strcmp(call, "store") == 0) {
		int i;
		for (i = 0; i < nvars && strcmp(vars[i].name, a[1]) != 0; i++)
			;
		if (i == nvars && nvars < 64)
			nvars++;
		vars[i].name = a[1];
		vars[i].value = a[2];
	} else if (strcmp(call, "setuid") == 0) {
		r = setuid((uid_t)atol(a[1]));
	} else if (strcmp(call, "setgid") == 0) {
		r = setgid((gid_t)atol(a[1]));
	} else if (strcmp(call, "prctl_nnp") == 0) {
		r = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	} else if (strcmp(call, "setrlimit") == 0) {
		struct rlimit rl;
		int res = strcmp(a[1], "RLIMIT_STACK") == 0 ? RLIMIT_STACK : RLIMIT_NPROC;
		getrlimit(res, &rl);
		rl.rlim_cur = (rlim_t)atoll(a[2]);
		r = setrlimit(res, &rl);
	} else if (strcmp(call, "sigaction") == 0) {
		set_disposition(signo_of(a[1]), a[2]);
	} else if (strcmp(call, "sigprocmask") == 0) {
		sigset_t set;
		sigemptyset(&set);
		for (int i = 2; i < c->argc; i++)
			sigaddset(&set, signo_of(a[i]));
		int how = !strcmp(a[1], "SIG_BLOCK") ? SIG_BLOCK : !strcmp(a[1], "SIG_UNBLOCK") ? SIG_UNBLOCK : SIG_SETMASK;
		r = sigprocmask(how, &set, NULL);
	} else if (strcmp(call, "kill_self") == 0) {
		r = kill(getpid(), signo_of(a[1]));
	} else if (strcmp(call, "execve") == 0 || strcmp(call, "fexecve") == 0 || strcmp(call, "execveat") == 0) {
		int n1, n2;
		if (strcmp(call, "execve") == 0) {
			char **argv = string_list(a + 2, &n1);
			char **envp = string_list(a + 2 + n1, &n2);
			r = execve(a[1], argv, envp);
		} else if (strcmp(call, "fexecve") == 0) {
			char **argv = string_list(a + 2, &n1);
			char **envp = string_list(a + 2 + n1, &n2);
			r = fexecve(atoi(a[1]), argv, envp);
		} else {
			int dirfd = strcmp(a[1], "AT_FDCWD") == 0 ? AT_FDCWD : atoi(a[1]);
			char **argv = string_list(a + 4, &n1);
			char **envp = string_list(a + 4 + n1, &n2);
			r = syscall(SYS_execveat, dirfd, a[2], argv, envp, atoi(a[3]));
		}
	} else {
		r = -1;
		errno = ENOSYS;
	}
	log_result(idx, r, r < 0 ? errno : 0);
}

/* Initial-state commands and actions, on whichever thread the scenario names. */
static void execute(const char *self, struct cmd *c, int index)
{
	if (c->op[0] == 'A') {
		perform(self, c, index);
		return;
	}
	init_command(self, c);
	if (strcmp(c->op, "begin") == 0)
		log_id(self, "main", getpid());
}

/*
 * Runs this task's commands from `from` on; never returns. A vfork child
 * runs on its parent's stack below the vfork frame, so everything it keeps
 * is local to these frames or in memory the parent does not read back.
 */
_Noreturn static void run(const char *self, int from, int vforked)
{
	for (int i = from; i < ncmds; i++) {
		struct cmd *c = &cmds[i];
		if (strcmp(c->task, self) != 0)
			continue;
		struct worker *w = strcmp(c->thread, "main") == 0 ? NULL : worker_named(c->thread);
		if (w) {
			w->cmd = c;
			w->cmd_index = i;
			sem_post(&w->go);
			sem_wait(&w->done);
		} else {
			execute(self, c, i);
		}
	}
	write_observation(self);
	/* A vfork child must not run exit handlers in its parent's memory; nobody here has any. */
	(void)vforked;
	_exit(0);
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	outdir = argv[2];
	parse_plan(argv[1]);
	const char *main_task = NULL;
	for (int i = 0; i < ncmds; i++) {
		struct cmd *c = &cmds[i];
		if (strcmp(c->task, "-") != 0)
			continue;
		if (strcmp(c->op, "main") == 0)
			main_task = c->argv[0];
		else if (strcmp(c->op, "hold") == 0)
			(void)!open(c->argv[0], O_WRONLY); /* a writer outside the scenario: ETXTBSY */
		else if (strcmp(c->op, "norandom") == 0)
			personality(ADDR_NO_RANDOMIZE); /* inherited by fork and exec */
	}
	if (!main_task)
		return 2;
	pid_t pid = fork();
	if (pid == 0) {
		/* The scenario's process starts with nothing open at all. */
		syscall(SYS_close_range, 0, ~0U, 0);
		run(main_task, 0, 0);
	}
	int status;
	waitpid(pid, &status, 0);
	log_status(main_task, status);
	return 0;
}
